import { useEffect, useState } from 'react';
import type { PackInfoDto } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';

/** The active model pack and the execution provider that runs it, read once when the card mounts. */
export interface ActivePack {
  pack: PackInfoDto | null;
  provider: string | null;
  /** Why no pack is usable (shown on the card), or null. */
  error: string | null;
}

/** Reads model:list and model:options so the card names the pack (and warns) before any run. */
export function useActivePack(): ActivePack {
  const client = useClient();
  const [state, setState] = useState<ActivePack>({ pack: null, provider: null, error: null });
  useEffect(() => {
    let live = true;
    void Promise.all([client.invoke('model:list', {}), client.invoke('model:options', {})]).then(([list, options]) => {
      if (!live) return;
      if (!list.ok) return setState({ pack: null, provider: null, error: list.error.message });
      const pack = list.value.packs.find((p) => p.id === list.value.activeId) ?? null;
      setState({
        pack,
        provider: options.ok ? options.value.activeProvider : null,
        error: pack ? (pack.error?.message ?? null) : 'No model pack is active.',
      });
    });
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}
