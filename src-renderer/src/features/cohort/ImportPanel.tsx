import { Alert, Button, Group, List, Progress, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FileRef, JobProgress, LabelDateFormat } from '../../../../src-main/contract/index';
import { useClient, useFilePicker } from '../../transport';
import { useCohortStore } from './cohort-store';

const fmtS = (s: number | null) => (s === null ? '--' : s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`);
const FINAL = new Set(['done', 'cancelled', 'failed']);
/** How the labels sheet writes echo dates (every format the core reads; a date not in it is reported, never guessed). */
const DATE_FORMATS = {
  'YYYY-MM-DD': 'Dates: ISO (YYYY-MM-DD)',
  'DD/MM/YYYY': 'Dates: DD/MM/YYYY',
  'MM/DD/YYYY': 'Dates: MM/DD/YYYY',
  'DD.MM.YYYY': 'Dates: DD.MM.YYYY',
  'DD-MM-YYYY': 'Dates: DD-MM-YYYY',
  'MM-DD-YYYY': 'Dates: MM-DD-YYYY',
  'YYYY/MM/DD': 'Dates: YYYY/MM/DD',
  YYYYMMDD: 'Dates: YYYYMMDD',
} satisfies Record<LabelDateFormat, string>;

/** Import a folder (and an optional labels sheet) into the cohort, with live progress, pause and cancel. */
export function ImportPanel({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const pick = useFilePicker();
  const { jobs, onProgress, setError } = useCohortStore();
  const [folder, setFolder] = useState<FileRef | null>(null);
  const [labels, setLabels] = useState<FileRef | null>(null);
  const [dateFormat, setDateFormat] = useState<LabelDateFormat>('YYYY-MM-DD');
  const [jobId, setJobId] = useState<string | null>(null);

  useEffect(() => {
    void client.invoke('cohort:jobs', { cohortId }).then((r) => {
      if (!r.ok) return;
      for (const p of r.value) onProgress(p);
      const live = r.value.find((p) => !FINAL.has(p.state)) ?? r.value.at(-1);
      if (live) setJobId(live.jobId);
    });
  }, [client, cohortId, onProgress]);

  const job: JobProgress | undefined = jobId ? jobs[jobId] : undefined;
  const running = job !== undefined && !FINAL.has(job.state);

  const start = async () => {
    if (!folder) return;
    const r = await client.invoke('cohort:import', { cohortId, folderToken: folder.token, ...(labels ? { labelsToken: labels.token, dateFormat } : {}) });
    if (!r.ok) return setError(r.error.message);
    setJobId(r.value.jobId);
  };
  const control = async (channel: 'cohort:pause' | 'cohort:resume' | 'cohort:cancel') => {
    if (!jobId) return;
    const r = await client.invoke(channel, { jobId });
    if (!r.ok) setError(r.error.message);
  };
  const pct = job?.total ? Math.min(100, (100 * job.processed) / job.total) : 0;

  return (
    <Stack gap="sm" maw={760}>
      <Group>
        <Button variant="default" onClick={() => void pick({ purpose: 'folder' }).then((r) => r[0] && setFolder(r[0]))} data-testid="import-pick-folder">
          {folder ? `Folder: ${folder.name}` : 'Choose ECG folder…'}
        </Button>
        <Button variant="default" onClick={() => void pick({ purpose: 'labels' }).then((r) => setLabels(r[0] ?? null))} data-testid="import-pick-labels">
          {labels ? `Labels: ${labels.name}` : 'Labels CSV (optional)…'}
        </Button>
        <Select
          size="sm"
          w={250}
          aria-label="Date format of the labels sheet"
          data={Object.entries(DATE_FORMATS).map(([value, label]) => ({ value, label }))}
          value={dateFormat}
          onChange={(v) => v && setDateFormat(v as LabelDateFormat)}
          allowDeselect={false}
          disabled={!labels}
          data-testid="import-date-format"
        />
        <Button disabled={!folder || running} onClick={() => void start()} data-testid="import-start">
          Score
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Every file under the folder is read and scored once per model version; a re-import skips what is done. Labels:
        a CSV with file, accession, or patient_id + echo_date, and lvef (or a 0/1 label); echo dates in the format chosen
        (rows with other dates are reported, never guessed).
      </Text>
      {job && (
        <Stack gap={4} data-testid="import-progress" data-state={job.state}>
          <Progress value={pct} animated={running && job.state !== 'paused'} aria-label="Import progress" />
          <Text size="sm" data-testid="import-progress-text">
            {job.state} · {job.processed}/{job.total ?? '?'} files · {job.scored} scored · {job.skipped} already done ·{' '}
            {job.failed} unreadable · {job.filesPerSecond.toFixed(1)} ECG/s · ETA {fmtS(job.etaSeconds)}
          </Text>
          {running && (
            <Group gap="xs">
              {job.state === 'paused' ? (
                <Button size="xs" onClick={() => void control('cohort:resume')} data-testid="import-resume">Resume</Button>
              ) : (
                <Button size="xs" variant="default" onClick={() => void control('cohort:pause')} data-testid="import-pause">Pause</Button>
              )}
              <Button size="xs" color="red" variant="light" onClick={() => void control('cohort:cancel')} data-testid="import-cancel">
                Cancel
              </Button>
            </Group>
          )}
          {job.error && <Alert color="red">{job.error.message}</Alert>}
          {job.labels && (
            <Alert color={job.labels.unjoinedLabels.length || job.labels.invalidRows.length ? 'yellow' : 'teal'} title="Labels" data-testid="labels-report">
              {job.labels.labelRows} label rows: {job.labels.joined.byFile} joined by file name, {job.labels.joined.byAccession} by accession,{' '}
              {job.labels.joined.byPatientDate} by patient and date; {job.labels.filesWithoutLabel} ECG(s) without a label.
              <List size="xs">
                {job.labels.invalidRows.slice(0, 10).map((r) => (
                  <List.Item key={`i${r.row}`}>line {r.row}: {r.reason}</List.Item>
                ))}
                {job.labels.unjoinedLabels.slice(0, 10).map((r) => (
                  <List.Item key={`u${r.row}`}>line {r.row}: {r.reason}</List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </Stack>
  );
}
