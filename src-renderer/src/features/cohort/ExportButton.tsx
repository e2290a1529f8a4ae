import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';
import { downloadText } from './download';

/**
 * Saves the cohort as CSV (REDCap-ready column names) through a Blob download; optionally de-identified, with
 * record ids hashed under a salt the user keeps to link later exports (random, so unlinkable, when empty).
 */
export function ExportButton({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const setError = useCohortStore((s) => s.setError);
  const [deidentify, setDeidentify] = useState(true);
  const [salt, setSalt] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setNotice(null);
    const linked = deidentify && salt.trim().length >= 8;
    const r = await client.invoke('cohort:export', { cohortId, deidentify, ...(linked ? { salt: salt.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    downloadText(r.value.csv, r.value.fileName, 'text/csv;charset=utf-8');
    setNotice(r.value.notice);
  };
  return (
    <Stack gap={4} align="flex-end" maw={560}>
      <Group gap="xs">
        <Checkbox size="xs" label="De-identified" checked={deidentify} onChange={(e) => setDeidentify(e.currentTarget.checked)} data-testid="export-deidentify" />
        {deidentify && (
          <TextInput
            size="xs"
            w={170}
            placeholder="Salt (≥ 8 chars) to link exports"
            aria-label="Salt for record ids"
            value={salt}
            onChange={(e) => setSalt(e.currentTarget.value)}
            data-testid="export-salt"
          />
        )}
        <Button size="xs" variant="default" loading={busy} onClick={() => void save()} data-testid="export-csv">
          Export CSV
        </Button>
      </Group>
      {deidentify && !notice && (
        <Text size="xs" c="dimmed" data-testid="export-deid-hint">
          De-identified: no names, IDs or exact dates; overread notes are dropped.
        </Text>
      )}
      {notice && (
        <Alert color="blue" py={4} withCloseButton onClose={() => setNotice(null)} data-testid="export-notice">
          <Text size="xs">{notice}</Text>
        </Alert>
      )}
    </Stack>
  );
}
