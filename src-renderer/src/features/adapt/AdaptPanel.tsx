import { Alert, Button, Checkbox, Divider, Group, NativeSelect, NumberInput, Progress, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AdaptMethod, AdaptTargets } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { useCohortStore } from '../cohort/cohort-store';
import { AdaptReportView } from './AdaptReportView';
import { useAdaptJob } from './use-adapt-job';

const METHODS: { value: AdaptMethod; label: string }[] = [
  { value: 'recalibrate', label: 'Recalibrate the pack’s heads' },
  { value: 'fewshot', label: 'Few-shot head on the embeddings' },
  { value: 'knn', label: 'Site kNN head (similar ECGs of this site)' },
];

/** Rescoring the scored ECGs that have no stored embedding (scored before embeddings were kept). */
function RescoreOffer({ cohortId, missing, onDone }: { cohortId: number; missing: number; onDone: () => void }) {
  const client = useClient();
  const jobs = useCohortStore((s) => s.jobs);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = jobId ? jobs[jobId] : undefined;
  const finished = job && ['done', 'cancelled', 'failed'].includes(job.state);
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);
  return (
    <Alert color="yellow" title="Embeddings missing" data-testid="adapt-rescore">
      <Stack gap={4}>
        <Text size="sm">
          {missing} labelled ECGs were scored before embeddings were stored, so adaptation cannot use them. Rescoring
          them keeps their predictions and adds their embeddings.
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            disabled={jobId !== null && !finished}
            onClick={() =>
              void client.invoke('cohort:rescore', { cohortId }).then((r) => (r.ok ? setJobId(r.value.jobId) : setError(r.error.message)))
            }
            data-testid="adapt-rescore-start"
          >
            Rescore {missing} ECGs
          </Button>
          {job && (
            <Text size="xs" data-testid="adapt-rescore-progress">
              {job.state} · {job.processed}/{job.total ?? '?'}
            </Text>
          )}
        </Group>
        {error && <Text size="xs" c="red">{error}</Text>}
      </Stack>
    </Alert>
  );
}

/** "Adapt to this site": target and methods, a run off the main thread with progress and cancel, the report, save. */
export function AdaptPanel({ cohortId, cohortName }: { cohortId: number; cohortName: string }) {
  const client = useClient();
  const revision = useCohortStore((s) => s.revision);
  const [targets, setTargets] = useState<AdaptTargets | null>(null);
  const [reload, setReload] = useState(0);
  const [column, setColumn] = useState('');
  const [asBinary, setAsBinary] = useState(true);
  const [threshold, setThreshold] = useState<number>(40);
  const [methods, setMethods] = useState<string[]>(['recalibrate', 'fewshot', 'knn']);
  const [testFraction, setTestFraction] = useState<number>(0.3);
  const [site, setSite] = useState(cohortName);
  const job = useAdaptJob();

  useEffect(() => {
    let live = true;
    void client.invoke('adapt:targets', { cohortId }).then((r) => {
      if (!live || !r.ok) return;
      setTargets(r.value);
      setColumn((c) => c || r.value.columns[0]?.column || '');
    });
    return () => {
      live = false;
    };
  }, [client, cohortId, revision, reload]);

  const col = targets?.columns.find((c) => c.column === column);
  const binaryColumn = col?.kind === 'binary';
  const running = job.progress?.state === 'running';
  const run = () =>
    void job.start({
      cohortId,
      target: { column, ...(!binaryColumn && asBinary ? { below: threshold } : {}) },
      methods: methods as AdaptMethod[],
      testFraction,
      site: site.trim() || cohortName,
    });

  return (
    <Stack gap="sm" data-testid="adapt-panel">
      <Divider />
      <Title order={3} size="h4">
        Adapt to this site
      </Title>
      <Text size="xs" c="dimmed">
        Fits new heads and recalibrations on part of this cohort’s labels (the model network is unchanged) and tests
        them against the pack on held-out patients. Save the result as a model pack to use it for review and scoring.
      </Text>
      {!targets || targets.columns.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="adapt-none">
          Score the cohort and import a labels sheet with echo values (lvef, lvedv, or columns of your own) to adapt.
        </Text>
      ) : (
        <>
          {targets.missingEmbeddings > 0 && <RescoreOffer cohortId={cohortId} missing={targets.missingEmbeddings} onDone={() => setReload((n) => n + 1)} />}
          <Group align="flex-end" gap="md">
            <NativeSelect
              label="Target"
              value={column}
              onChange={(e) => setColumn(e.currentTarget.value)}
              data={targets.columns.map((c) => ({
                value: c.column,
                label: `${c.column} (${c.kind}, ${c.withEmbeddings} ECGs${c.kind === 'binary' ? `, ${c.positives} positive` : ''})`,
              }))}
              w={280}
              data-testid="adapt-target"
            />
            {col && !binaryColumn && (
              <Group gap="xs" align="flex-end">
                <Switch label="as binary: below" checked={asBinary} onChange={(e) => setAsBinary(e.currentTarget.checked)} data-testid="adapt-binary" />
                <NumberInput size="xs" w={90} value={threshold} onChange={(v) => typeof v === 'number' && setThreshold(v)} disabled={!asBinary} data-testid="adapt-threshold" />
              </Group>
            )}
            <NumberInput label="Test part (patients)" w={150} min={0.1} max={0.5} step={0.05} decimalScale={2} value={testFraction} onChange={(v) => typeof v === 'number' && setTestFraction(v)} data-testid="adapt-test-fraction" />
            <TextInput label="Site name" w={200} value={site} onChange={(e) => setSite(e.currentTarget.value)} data-testid="adapt-site" />
          </Group>
          <Checkbox.Group value={methods} onChange={setMethods} label="Methods">
            <Group gap="md" mt={4}>
              {METHODS.map((m) => (
                <Checkbox key={m.value} value={m.value} label={m.label} data-testid={`adapt-method-${m.value}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group gap="xs">
            <Button onClick={run} disabled={running || methods.length === 0 || !column} data-testid="adapt-run">
              Adapt
            </Button>
            {running && (
              <Button variant="light" color="red" onClick={() => void job.cancel()} data-testid="adapt-cancel">
                Cancel
              </Button>
            )}
          </Group>
        </>
      )}
      {job.progress && (
        <Stack gap={2} data-testid="adapt-progress" data-state={job.progress.state}>
          <Progress value={100 * job.progress.fraction} animated={running} aria-label="Adaptation progress" />
          <Text size="xs">
            {job.progress.state === 'running' ? `${job.progress.stage} · ${Math.round(100 * job.progress.fraction)} %` : job.progress.state}
          </Text>
        </Stack>
      )}
      {job.error && (
        <Alert color="red" data-testid="adapt-error">
          {job.error}
        </Alert>
      )}
      {job.report && (
        <>
          <AdaptReportView report={job.report} />
          <Group gap="xs">
            <Button onClick={() => void job.save()} disabled={job.saved !== null} data-testid="adapt-save">
              Save as model pack
            </Button>
            {job.saved && (
              <Text size="sm" data-testid="adapt-saved">
                Saved “{job.saved.name}” (v{job.saved.version}). Choose it in the review workspace’s model pack list, or score a cohort with it.
              </Text>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
