import { Alert, Badge, Button, Group, Loader, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import type { FileRef, PriorCandidate, PriorSourceId } from '../../../../src-main/contract/index';
import { useClient, useFilePicker } from '../../transport';
import { dateText } from '../ai-card/wording';
import { useCompareStore } from './compare-store';

const SOURCE_LABEL: Record<PriorSourceId, string> = { folder: 'same folder', recent: 'recent', cohort: 'cohort', pacs: 'PACS' };
const PATIENT = {
  yes: { label: 'same patient', color: 'teal' },
  unknown: { label: 'patient not stated', color: 'gray' },
  no: { label: 'another patient', color: 'orange' },
} as const;

/** Props: the ECG on screen (its token) and its acquisition time, to say "before" or "after". */
export interface PriorPickerProps {
  currentToken: string;
  currentTime: string | undefined;
}

function CandidateRow({ c, currentTime, onChoose }: { c: PriorCandidate; currentTime: string | undefined; onChoose: (f: FileRef) => void }) {
  const when = c.acquisitionTime
    ? `${dateText(c.acquisitionTime)}${currentTime && c.acquisitionTime < currentTime ? '' : currentTime ? ' (after this ECG)' : ''}`
    : 'date not stated';
  const p = PATIENT[c.samePatient];
  return (
    <UnstyledButton
      onClick={() => onChoose(c.file)}
      disabled={c.errorCode !== null}
      data-testid="prior-candidate"
      data-same-patient={c.samePatient}
      style={{ padding: '6px 8px', borderRadius: 6, border: '1px solid var(--mantine-color-default-border)', opacity: c.errorCode ? 0.55 : 1 }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {c.file.name}
          </Text>
          <Text size="xs" c="dimmed">
            {c.errorCode ? `cannot be read (${c.errorCode})` : when}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Badge size="sm" color={p.color} variant="light" style={{ textTransform: 'none' }}>
            {p.label}
          </Badge>
          {c.sources.map((s) => (
            <Badge key={s} size="sm" color="gray" variant="outline" style={{ textTransform: 'none' }}>
              {SOURCE_LABEL[s]}
            </Badge>
          ))}
        </Group>
      </Group>
    </UnstyledButton>
  );
}

/** The chooser of a prior ECG: suggestions (same patient first, most recent prior first) or any other file. */
export function PriorPicker({ currentToken, currentTime }: PriorPickerProps) {
  const client = useClient();
  const pickFiles = useFilePicker();
  const { pickerOpen, candidates, closePicker, choose } = useCompareStore();
  const onChoose = (f: FileRef) => void choose(client, currentToken, f);
  const list = candidates.value ?? [];
  return (
    <Modal opened={pickerOpen} onClose={closePicker} title="Compare with a prior ECG" size="lg" data-testid="prior-picker">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          Suggested from this ECG&apos;s folder, the recent files and the cohorts, matched on the patient ID the files state.
        </Text>
        {candidates.status === 'loading' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Looking for this patient&apos;s other ECGs…</Text>
          </Group>
        )}
        {candidates.status === 'error' && <Alert color="red">{candidates.error}</Alert>}
        {candidates.status === 'done' && list.length === 0 && <Text size="sm">No other ECG found nearby: choose a file.</Text>}
        <Stack gap={4} mah={420} style={{ overflowY: 'auto' }} data-testid="prior-candidates">
          {list.map((c) => (
            <CandidateRow key={c.file.token} c={c} currentTime={currentTime} onChoose={onChoose} />
          ))}
        </Stack>
        <Group justify="flex-end">
          <Button
            variant="default"
            size="xs"
            onClick={() => void pickFiles({ purpose: 'ecg' }).then((refs) => refs[0] && onChoose(refs[0]))}
            data-testid="prior-pick-file"
          >
            Choose another file…
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
