/**
 * One adaptation run from the Validation tab: start (adapt:start), progress and the final state from the
 * 'adapt:progress' events, cancel, the report (adapt:result) and saving it as a pack (adapt:save).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AdaptProgress, AdaptationReport, PackInfoDto, RequestOf } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';

export interface AdaptJobState {
  jobId: string | null;
  progress: AdaptProgress | null;
  report: AdaptationReport | null;
  saved: PackInfoDto | null;
  error: string | null;
  start(request: RequestOf<'adapt:start'>): Promise<void>;
  cancel(): Promise<void>;
  save(): Promise<void>;
}

export function useAdaptJob(): AdaptJobState {
  const client = useClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<AdaptProgress | null>(null);
  const [report, setReport] = useState<AdaptationReport | null>(null);
  const [saved, setSaved] = useState<PackInfoDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!jobId) return;
    const off = client.on('adapt:progress', (p) => {
      if (p.jobId !== jobId) return;
      setProgress(p);
      if (p.state === 'done') {
        void client.invoke('adapt:result', { jobId }).then((r) => (r.ok ? setReport(r.value) : setError(r.error.message)));
      } else if (p.state === 'failed' && p.error) setError(`${p.error.message} (${p.error.code})`);
    });
    // A run that finished before this subscription (a tiny cohort) has sent its last event already.
    void client.invoke('adapt:result', { jobId }).then((r) => {
      if (!r.ok) return;
      setReport(r.value);
      setProgress({ jobId, state: 'done', stage: 'Done', fraction: 1 });
    });
    return off;
  }, [client, jobId]);

  const start = useCallback(
    async (request: RequestOf<'adapt:start'>) => {
      setReport(null);
      setSaved(null);
      setError(null);
      setProgress({ jobId: '', state: 'running', stage: 'Starting', fraction: 0 });
      const r = await client.invoke('adapt:start', request);
      if (!r.ok) {
        setProgress(null);
        setError(`${r.error.message} (${r.error.code})`);
        return;
      }
      setJobId(r.value.jobId);
    },
    [client],
  );
  const cancel = useCallback(async () => {
    if (jobId) await client.invoke('adapt:cancel', { jobId });
  }, [client, jobId]);
  const save = useCallback(async () => {
    if (!jobId) return;
    const r = await client.invoke('adapt:save', { jobId });
    if (r.ok) setSaved(r.value);
    else setError(`${r.error.message} (${r.error.code})`);
  }, [client, jobId]);
  return { jobId, progress, report, saved, error, start, cancel, save };
}
