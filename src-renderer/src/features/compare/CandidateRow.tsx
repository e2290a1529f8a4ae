import { Alert, Badge, Box, Button, Group, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import type { PriorCandidate, PriorSourceId } from '../../../../src-main/contract/index';
import { dateText } from '../ai-card/wording';
import type { CompareState } from './compare-store';

const SOURCE_LABEL: Record<PriorSourceId, string> = { folder: 'same folder', recent: 'recent', cohort: 'cohort', pacs: 'from PACS' };
const PATIENT = {
  yes: { label: 'same patient', color: 'teal' },
  unknown: { label: 'patient not stated', color: 'gray' },
  no: { label: 'another patient', color: 'orange' },
} as const;

/** Props: the suggestion; the ECG on screen's time; its retrieve when one runs for it; whether another runs. */
export interface CandidateRowProps {
  c: PriorCandidate;
  currentTime: string | undefined;
  fetching: CompareState['fetching'];
  /** A retrieve is under way (for this row or another): rows are not chosen meanwhile. */
  busy: boolean;
  /** Called with what to call the prior in the comparison. */
  onChoose: (label: string) => void;
  onCancel: () => void;
}

const CACHE_NAME = /^[0-9]+(\.[0-9]+)*\.dcm$/;

function whenText(time: string | null, currentTime: string | undefined): string {
  if (!time) return 'date not stated';
  if (!currentTime || time < currentTime) return dateText(time);
  return `${dateText(time)}${time === currentTime ? ' (same time as this ECG)' : ' (after this ECG)'}`;
}

/**
 * One suggested prior: its name (the PACS study's description for an ECG from the PACS), date, patient match and
 * sources. An ECG only the PACS holds says it is retrieved when chosen, and shows that retrieve's progress.
 */
export function CandidateRow({ c, currentTime, fetching, busy, onChoose, onCancel }: CandidateRowProps) {
  const onPacsOnly = c.file === null && c.pacs !== null;
  const kind = c.kind?.replace(/ Waveform Storage$/, '') ?? null;
  const title = c.description ?? c.file?.name ?? kind ?? 'ECG';
  // A file the PACS cache names by its UID says nothing to a reader; any other file name does.
  const fileName = c.file && c.description && !CACHE_NAME.test(c.file.name) ? c.file.name : null;
  const detail = c.errorCode
    ? `cannot be read (${c.errorCode})`
    : [whenText(c.acquisitionTime, currentTime), kind, onPacsOnly && c.pacs ? `on ${c.pacs.nodeName}, retrieved when chosen` : null, fileName]
        .filter(Boolean)
        .join(' · ');
  const p = PATIENT[c.samePatient];
  const progress = fetching?.progress;
  // The total is known once the PACS has listed the instance (until then it is being asked).
  const total = progress?.total ?? null;
  return (
    <Box
      data-testid="prior-candidate"
      data-same-patient={c.samePatient}
      data-origin={onPacsOnly ? 'pacs' : 'file'}
      style={{ borderRadius: 6, border: '1px solid var(--mantine-color-default-border)', opacity: c.errorCode ? 0.55 : 1 }}
    >
      <UnstyledButton
        onClick={() => onChoose(onPacsOnly && c.pacs ? `${title} (${c.pacs.nodeName})` : title)}
        disabled={c.errorCode !== null || busy}
        data-testid="prior-candidate-choose"
        style={{ padding: '6px 8px', width: '100%' }}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
            <Text size="sm" fw={600} truncate>
              {title}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {detail}
            </Text>
          </Stack>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge size="sm" color={p.color} variant="light" style={{ textTransform: 'none' }}>
              {p.label}
            </Badge>
            {c.sources.map((s) => (
              <Badge key={s} size="sm" color={s === 'pacs' ? 'indigo' : 'gray'} variant={s === 'pacs' && onPacsOnly ? 'filled' : 'outline'} style={{ textTransform: 'none' }} data-testid={`prior-source-${s}`}>
                {SOURCE_LABEL[s]}
              </Badge>
            ))}
          </Group>
        </Group>
      </UnstyledButton>
      {fetching && fetching.error === null && (
        <Group gap="xs" px={8} pb={6} wrap="nowrap" data-testid="prior-retrieve" data-state={progress?.state ?? 'starting'}>
          <Progress value={total ? (100 * ((progress?.retrieved ?? 0) + (progress?.cached ?? 0))) / Math.max(1, total) : 0} animated style={{ flex: 1 }} aria-label="Retrieve progress" />
          <Text size="xs" data-testid="prior-retrieve-text">
            {total ? `Retrieving from the PACS: ${(progress?.retrieved ?? 0) + (progress?.cached ?? 0)} of ${total}` : 'Asking the PACS for this ECG…'}
          </Text>
          <Button size="compact-xs" color="red" variant="light" onClick={onCancel} data-testid="prior-retrieve-cancel">
            Cancel
          </Button>
        </Group>
      )}
      {fetching?.error && (
        <Alert color="red" p={6} mx={8} mb={6} data-testid="prior-retrieve-error">
          Could not retrieve this ECG: {fetching.error}
        </Alert>
      )}
    </Box>
  );
}
