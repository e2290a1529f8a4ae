import { Button, Checkbox, Group } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';

/** Saves the cohort as CSV (REDCap-ready column names) through a Blob download; optionally de-identified. */
export function ExportButton({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const setError = useCohortStore((s) => s.setError);
  const [deidentify, setDeidentify] = useState(true);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const r = await client.invoke('cohort:export', { cohortId, deidentify });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    const url = URL.createObjectURL(new Blob([r.value.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <Group gap="xs">
      <Checkbox size="xs" label="De-identified" checked={deidentify} onChange={(e) => setDeidentify(e.currentTarget.checked)} data-testid="export-deidentify" />
      <Button size="xs" variant="default" loading={busy} onClick={() => void save()} data-testid="export-csv">
        Export CSV
      </Button>
    </Group>
  );
}
