import { Button, Group, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PacsInstanceRow, PacsSeries, PacsStudy } from '../../../../src-main/contract/index';
import { useShellStore } from '../../app/shell-store';
import { useClient } from '../../transport';
import { openInReview } from '../review/open-in-review';
import { usePacsStore } from './pacs-store';
import { RetrieveStatus } from './RetrieveStatus';

const name = (pn: string) => pn.replace(/\^+/g, ' ').trim() || '(no name)';

/** One study: retrieve its ECGs; expanded, its series and waveform instances, each openable once cached. */
export function StudyRow({ nodeId, study }: { nodeId: string; study: PacsStudy }) {
  const client = useClient();
  const setSection = useShellStore((s) => s.setSection);
  const { jobs, jobFor, track, setError } = usePacsStore();
  const [open, setOpen] = useState(false);
  const [series, setSeries] = useState<PacsSeries[] | null>(null);
  const [instances, setInstances] = useState<PacsInstanceRow[] | null>(null);
  const job = jobFor[study.studyUid] ? jobs[jobFor[study.studyUid] as string] : undefined;

  const jobState = job?.state;
  // Listed when opened, and again when a retrieve finishes (it changes which instances are cached).
  useEffect(() => {
    if (!open) return;
    let live = true;
    void Promise.all([
      client.invoke('pacs:series', { nodeId, studyUid: study.studyUid }),
      client.invoke('pacs:instances', { nodeId, studyUid: study.studyUid }),
    ]).then(([s, i]) => {
      if (!live) return;
      if (!s.ok) return setError(`${s.error.code}: ${s.error.message}`);
      if (!i.ok) return setError(`${i.error.code}: ${i.error.message}`);
      setSeries(s.value);
      setInstances(i.value);
    });
    return () => {
      live = false;
    };
  }, [open, jobState, client, nodeId, study.studyUid, setError]);

  const retrieve = async () => {
    const r = await client.invoke('pacs:retrieve', { nodeId, studies: [{ studyUid: study.studyUid }] });
    if (!r.ok) return setError(`${r.error.code}: ${r.error.message}`);
    track(study.studyUid, r.value.jobId);
    setOpen(true);
  };
  const view = async (row: PacsInstanceRow) => {
    if (!row.file) return;
    setSection('review');
    await openInReview(row.file);
  };

  return (
    <>
      <Table.Tr data-testid="pacs-study-row" data-study={study.studyUid}>
        <Table.Td>
          <Text size="sm">{name(study.patientName)}</Text>
          <Text size="xs" c="dimmed">{study.patientId}{study.birthDate ? ` · born ${study.birthDate}` : ''}{study.sex ? ` · ${study.sex}` : ''}</Text>
        </Table.Td>
        <Table.Td>{study.studyDate}{study.studyTime ? ` ${study.studyTime}` : ''}</Table.Td>
        <Table.Td>{study.description || '-'}</Table.Td>
        <Table.Td>{study.accession || '-'}</Table.Td>
        <Table.Td data-testid="pacs-study-ecgs">{study.waveformInstances ?? '?'}</Table.Td>
        <Table.Td>
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button size="xs" variant="default" onClick={() => setOpen(!open)} data-testid="pacs-study-expand">{open ? 'Hide' : 'Series'}</Button>
            <Button size="xs" disabled={!study.waveformInstances || job?.state === 'running'} onClick={() => void retrieve()} data-testid="pacs-study-retrieve">
              Retrieve
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      {(open || job) && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            {job && <RetrieveStatus progress={job} />}
            {open && series && (
              <Text size="xs" c="dimmed" mb={4}>
                {series.map((s) => `series ${s.seriesNumber || '?'} ${s.modality} ${s.description ? `"${s.description}" ` : ''}(${s.waveformInstances} ECG of ${s.instances ?? '?'})`).join(' · ')}
              </Text>
            )}
            {open &&
              instances?.map((row) => (
                <Group key={row.sopInstanceUid} gap="xs" data-testid="pacs-instance" data-cached={row.cached}>
                  <Text size="xs" w={280}>{row.sopClassName} #{row.instanceNumber || '?'}</Text>
                  <Text size="xs" c="dimmed">{row.cached ? 'retrieved' : 'on the PACS'}</Text>
                  {row.file && (
                    <Button size="compact-xs" variant="light" onClick={() => void view(row)} data-testid="pacs-instance-open">Open in review</Button>
                  )}
                </Group>
              ))}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
