import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FileRef } from '../../../src-main/contract/index';
import { useClient } from './client-context';
import { FileBrowserModal } from './FileBrowserModal';

export interface PickOptions {
  purpose: 'ecg' | 'folder' | 'labels' | 'model';
  /** Default false. */
  multiple?: boolean;
}

/** Resolves to the chosen references, or [] when the user cancels. */
export type PickFiles = (options: PickOptions) => Promise<FileRef[]>;

const PickerContext = createContext<PickFiles | null>(null);

interface Pending extends PickOptions {
  resolve: (refs: FileRef[]) => void;
}

/**
 * Choosing files, whatever the transport: the native dialog (files:pick) where main has one, the in-app
 * server browser (files:browse) on the web host, which answers files:pick with an error.
 */
export function FilePickerProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const transport = useRef<'electron' | 'web' | undefined>(undefined);

  const pick = useCallback<PickFiles>(
    async (options) => {
      if (transport.current === undefined) {
        const info = await client.invoke('app:info', {});
        transport.current = info.ok ? info.value.transport : 'web';
      }
      if (transport.current === 'electron') {
        const r = await client.invoke('files:pick', { purpose: options.purpose, multiple: options.multiple ?? false });
        return r.ok ? r.value : [];
      }
      return new Promise<FileRef[]>((resolve) => setPending({ ...options, resolve }));
    },
    [client],
  );

  const finish = (refs: FileRef[]) => {
    pending?.resolve(refs);
    setPending(null);
  };
  const value = useMemo(() => pick, [pick]);
  return (
    <PickerContext.Provider value={value}>
      {children}
      <FileBrowserModal
        opened={pending !== null}
        purpose={pending?.purpose ?? 'ecg'}
        multiple={pending?.multiple ?? false}
        onClose={() => finish([])}
        onPick={finish}
      />
    </PickerContext.Provider>
  );
}

/** `const pickFiles = useFilePicker(); const refs = await pickFiles({ purpose: 'ecg' });` */
export function useFilePicker(): PickFiles {
  const pick = useContext(PickerContext);
  if (!pick) throw new Error('useFilePicker() needs a <FilePickerProvider> above it.');
  return pick;
}
