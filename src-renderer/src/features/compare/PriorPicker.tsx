import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { FileRef, PriorNotice, PriorSourceId } from '../../../../src-main/contract/index';
import { useClient, useFilePicker } from '../../transport';
import { useCompareStore } from './compare-store';
import { CandidateRow } from './CandidateRow';

/** Props: the ECG on screen (its token) and its acquisition time, to say "before" or "after". */
export interface PriorPickerProps {
  currentToken: string;
  currentTime: string | undefined;
}

const SOURCE_NAME: Record<PriorSourceId, string> = { folder: 'Same folder', recent: 'Recent files', cohort: 'Cohorts', pacs: 'PACS' };

function Notice({ n }: { n: PriorNotice }) {
  return (
    <Text size="xs" c="orange.8" data-testid="prior-notice" data-source={n.source} data-code={n.code ?? ''}>
      {n.source === 'pacs' && n.code ? 'PACS priors are not listed: ' : `${SOURCE_NAME[n.source]}: `}
      {n.message}
      {n.code ? ` (${n.code})` : ''}
    </Text>
  );
}

/**
 * The chooser of a prior ECG: suggestions (same patient first, most recent prior first) from this machine at once
 * and from the PACS when it answers, or any other file. A PACS suggestion is retrieved when chosen (progress, cancel,
 * a coded error on failure), then compared.
 */
export function PriorPicker({ currentToken, currentTime }: PriorPickerProps) {
  const client = useClient();
  const pickFiles = useFilePicker();
  const { pickerOpen, candidates, notices, asking, fetching, closePicker, choose, chooseCandidate, cancelFetch } = useCompareStore();
  const onFile = (f: FileRef) => void choose(client, currentToken, f);
  const list = candidates.value ?? [];
  return (
    <Modal opened={pickerOpen} onClose={() => closePicker(client)} title="Compare with a prior ECG" size="lg" data-testid="prior-picker">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          Suggested from this ECG&apos;s folder, the recent files, the cohorts and, where one is set up, the PACS, matched on the patient ID the files state.
        </Text>
        {candidates.status === 'loading' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Looking for this patient&apos;s other ECGs…</Text>
          </Group>
        )}
        {asking.includes('pacs') && (
          <Group gap="xs" data-testid="prior-asking">
            <Loader size="xs" />
            <Text size="sm">Asking the PACS for this patient&apos;s ECGs…</Text>
          </Group>
        )}
        {notices.map((n, i) => (
          <Notice key={`${n.source}-${i}`} n={n} />
        ))}
        {candidates.status === 'error' && <Alert color="red">{candidates.error}</Alert>}
        {candidates.status === 'done' && list.length === 0 && asking.length === 0 && <Text size="sm">No other ECG found: choose a file.</Text>}
        <Stack gap={4} mah={420} style={{ overflowY: 'auto' }} data-testid="prior-candidates">
          {list.map((c) => (
            <CandidateRow
              key={c.file?.token ?? `pacs:${c.pacs?.sopInstanceUid}`}
              c={c}
              currentTime={currentTime}
              fetching={fetching && c.pacs && fetching.key === c.pacs.sopInstanceUid ? fetching : null}
              busy={fetching !== null && fetching.error === null}
              onChoose={(label) => void chooseCandidate(client, currentToken, c, label)}
              onCancel={() => cancelFetch(client)}
            />
          ))}
        </Stack>
        <Group justify="flex-end">
          <Button
            variant="default"
            size="xs"
            onClick={() => void pickFiles({ purpose: 'ecg' }).then((refs) => refs[0] && onFile(refs[0]))}
            data-testid="prior-pick-file"
          >
            Choose another file…
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
