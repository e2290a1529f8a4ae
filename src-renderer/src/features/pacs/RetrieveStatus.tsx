import { Alert, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import type { RetrieveProgress } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';

/** A retrieve's progress bar, counts, cancel button, and each failed instance with its code. */
export function RetrieveStatus({ progress: p }: { progress: RetrieveProgress }) {
  const client = useClient();
  const done = p.retrieved + p.cached + p.failed;
  const pct = p.total ? Math.min(100, (100 * done) / p.total) : 0;
  return (
    <Stack gap={4} mb="xs" data-testid="pacs-retrieve" data-state={p.state}>
      <Progress value={pct} animated={p.state === 'running'} color={p.failed > 0 || p.state === 'failed' ? 'orange' : undefined} aria-label="Retrieve progress" />
      <Group gap="xs">
        <Text size="xs" data-testid="pacs-retrieve-text">
          {p.state} · {p.retrieved} retrieved · {p.cached} already here · {p.failed} failed of {p.total ?? '?'} ECG instance(s)
          {p.skippedNonWaveform ? ` · ${p.skippedNonWaveform} non-ECG left on the PACS` : ''} · {p.method.toUpperCase()} · {p.instancesPerSecond} /s
        </Text>
        {p.state === 'running' && (
          <Button size="compact-xs" color="red" variant="light" onClick={() => void client.invoke('pacs:cancel', { jobId: p.jobId })}>
            Cancel
          </Button>
        )}
      </Group>
      {p.error && <Alert color="red" p={6}>{p.error.code}: {p.error.message}</Alert>}
      {p.failures.length > 0 && (
        <List size="xs">
          {p.failures.slice(0, 10).map((f) => (
            <List.Item key={f.sopInstanceUid}>{f.code}: {f.message}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
