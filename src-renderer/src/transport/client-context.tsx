import { createContext, useContext, type ReactNode } from 'react';
import type { EchoingClient } from '../../../src-main/contract/index';
import { getClient } from './client';

const ClientContext = createContext<EchoingClient | null>(null);

/** Provides the client to the tree; `client` defaults to getClient() (tests pass a fake). */
export function ClientProvider({ client, children }: { client?: EchoingClient; children: ReactNode }) {
  return <ClientContext.Provider value={client ?? getClient()}>{children}</ClientContext.Provider>;
}

/**
 * The contract client for features: `const client = useClient(); const r = await client.invoke('ecg:open',
 * { token })` then check `r.ok`. Subscribe to push events with `client.on(name, listener)` inside an effect
 * and return its unsubscribe.
 */
export function useClient(): EchoingClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientProvider> above it.');
  return client;
}
