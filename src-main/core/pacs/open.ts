import type { PacsConnection } from './connection';
import { dicomwebConnection } from './dicomweb/connection';
import { dimseConnection } from './dimse/connection';
import { nodeSecretKey, type SecretStore } from './secrets';
import type { PacsNode, RetrieveMethod } from './types';

export type OpenConnection = PacsConnection & { close(): Promise<void> };

/** A connection to a node (its secret read from the store only when the node needs one). */
export async function openConnection(node: PacsNode, secrets: SecretStore): Promise<OpenConnection> {
  if (node.protocol === 'dimse') return { ...dimseConnection(node), close: () => Promise.resolve() };
  const secret = node.auth === 'none' ? undefined : await secrets.get(nodeSecretKey(node.id));
  return dicomwebConnection(node, secret);
}

/** The retrieve method a node uses unless one is asked for. */
export function defaultMethod(node: PacsNode): RetrieveMethod {
  return node.protocol === 'dicomweb' ? 'wado' : node.retrieveMethod;
}

/** Runs `work` on a connection to `node` and closes it afterwards. */
export async function withConnection<T>(node: PacsNode, secrets: SecretStore, work: (c: PacsConnection) => Promise<T>): Promise<T> {
  const connection = await openConnection(node, secrets);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
