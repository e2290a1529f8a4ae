import { Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PacsModality } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { CohortSend } from './CohortSend';
import { usePacsStore } from './pacs-store';
import { StudyRow } from './StudyRow';

/** Query form (patient ID, name, accession, study date range, ECG/HD) and the matching studies. */
export function QueryPanel({ nodeId }: { nodeId: string }) {
  const client = useClient();
  const { studies, setStudies, setError } = usePacsStore();
  const [form, setForm] = useState({ patientId: '', patientName: '', accession: '', from: '', to: '' });
  const [modalities, setModalities] = useState<PacsModality[]>(['ECG', 'HD']);
  const [busy, setBusy] = useState(false);
  const input = (key: keyof typeof form, label: string, type = 'text') => (
    <TextInput
      size="xs"
      label={label}
      type={type}
      value={form[key]}
      onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      onKeyDown={(e) => e.key === 'Enter' && void search()}
      data-testid={`pacs-q-${key}`}
    />
  );
  const query = () => {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (v.trim()) q[k] = v.trim();
    return { ...q, modalities };
  };
  const search = async () => {
    setBusy(true);
    const r = await client.invoke('pacs:find', { nodeId, ...query() });
    setBusy(false);
    if (!r.ok) return setError(`${r.error.code}: ${r.error.message}`);
    setError(null);
    setStudies(r.value);
  };

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="xs">
        {input('patientId', 'Patient ID')}
        {input('patientName', 'Patient name')}
        {input('accession', 'Accession')}
        {input('from', 'Study date from', 'date')}
        {input('to', 'to', 'date')}
        <Checkbox.Group value={modalities} onChange={(v) => v.length > 0 && setModalities(v as PacsModality[])} label="Modality">
          <Group gap="xs" mt={6}>
            <Checkbox size="xs" value="ECG" label="ECG" />
            <Checkbox size="xs" value="HD" label="HD" />
          </Group>
        </Checkbox.Group>
        <Button size="xs" loading={busy} onClick={() => void search()} data-testid="pacs-search">
          Search
        </Button>
      </Group>
      {studies && (
        <>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="pacs-result-count">
              {studies.length} stud{studies.length === 1 ? 'y' : 'ies'} · {studies.reduce((n, s) => n + (s.waveformInstances ?? 0), 0)} ECG instance(s)
            </Text>
            <CohortSend nodeId={nodeId} studies={studies} query={query()} />
          </Group>
          <Table striped highlightOnHover data-testid="pacs-studies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Accession</Table.Th>
                <Table.Th>ECGs</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {studies.map((s) => (
                <StudyRow key={s.studyUid} nodeId={nodeId} study={s} />
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
