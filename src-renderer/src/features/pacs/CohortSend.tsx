import { Button, Group, Select, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { CohortSummary, PacsQuery, PacsStudy } from '../../../../src-main/contract/index';
import { useShellStore } from '../../app/shell-store';
import { useClient } from '../../transport';
import { useCohortStore } from '../cohort/cohort-store';
import { RetrieveStatus } from './RetrieveStatus';
import { usePacsStore } from './pacs-store';

const KEY = 'cohort-send';

/**
 * Sends the listed studies (or every study of the query's date range) into a cohort: retrieves their ECGs,
 * then starts the cohort's batch scoring on the retrieved files (progress in the Cohorts section).
 */
export function CohortSend({ nodeId, studies, query }: { nodeId: string; studies: PacsStudy[]; query: PacsQuery }) {
  const client = useClient();
  const setSection = useShellStore((s) => s.setSection);
  const { jobs, jobFor, track, setError } = usePacsStore();
  const [cohorts, setCohorts] = useState<CohortSummary[]>([]);
  const [cohortId, setCohortId] = useState<string | null>(null);
  const started = useRef<string | null>(null);
  const job = jobFor[KEY] ? jobs[jobFor[KEY] as string] : undefined;

  useEffect(() => {
    void client.invoke('cohort:list', {}).then((r) => r.ok && setCohorts(r.value));
  }, [client]);

  useEffect(() => {
    if (!job || job.state === 'running' || started.current !== job.jobId || cohortId === null) return;
    started.current = null;
    void (async () => {
      const r = await client.invoke('pacs:job', { jobId: job.jobId });
      if (!r.ok) return setError(r.error.message);
      if (r.value.files.length === 0) return setError('No ECG was retrieved, so nothing was sent to the cohort.');
      const imp = await client.invoke('cohort:import', { cohortId: Number(cohortId), fileTokens: r.value.files.map((f) => f.token) });
      if (!imp.ok) return setError(imp.error.message);
      // The Import tab re-attaches to the cohort's listed jobs when it opens: wait (briefly) until ours is listed.
      for (let i = 0; i < 50; i += 1) {
        const listed = await client.invoke('cohort:jobs', { cohortId: Number(cohortId) });
        if (listed.ok && listed.value.some((p) => p.jobId === imp.value.jobId)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      useCohortStore.getState().select(Number(cohortId));
      useCohortStore.getState().setTab('import');
      setSection('cohorts');
    })();
  }, [job, cohortId, client, setError, setSection]);

  const send = async (whole: boolean) => {
    const r = await client.invoke('pacs:retrieve', whole ? { nodeId, query: { ...query, limit: 5000 } } : { nodeId, studies: studies.map((s) => ({ studyUid: s.studyUid })) });
    if (!r.ok) return setError(`${r.error.code}: ${r.error.message}`);
    started.current = r.value.jobId;
    track(KEY, r.value.jobId);
  };
  const ranged = Boolean(query.from || query.to);

  return (
    <Group gap="xs" align="flex-start">
      <Select
        size="xs"
        w={200}
        placeholder="Cohort…"
        aria-label="Cohort to send to"
        data={cohorts.map((c) => ({ value: String(c.id), label: c.name }))}
        value={cohortId}
        onChange={setCohortId}
        data-testid="pacs-cohort-select"
      />
      <Button size="xs" variant="light" disabled={!cohortId || studies.length === 0} onClick={() => void send(false)} data-testid="pacs-send-cohort">
        Score these studies
      </Button>
      {ranged && (
        <Button size="xs" variant="light" disabled={!cohortId} onClick={() => void send(true)}>
          Score the whole date range
        </Button>
      )}
      {job && (
        <div style={{ minWidth: 320 }}>
          <Text size="xs">Retrieving for the cohort:</Text>
          <RetrieveStatus progress={job} />
        </div>
      )}
    </Group>
  );
}
