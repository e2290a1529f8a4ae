import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../src-main/contract/index';
import { useClient } from '../transport';

/** app:info from the core (versions, transport, data and log folders), or the error that prevented it. */
export function useAppInfo(): { info: AppInfo | null; error: string | null } {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void client.invoke('app:info', {}).then((r) => {
      if (!live) return;
      if (r.ok) setInfo(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [client]);
  return { info, error };
}
