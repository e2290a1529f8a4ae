import { Badge, Button, Group, Kbd, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { CohortRow, Verdict } from '../../../../src-main/contract/index';
import { useCohortStore } from './cohort-store';
import { num, pct, uncertaintyText } from './row-format';

export interface OverreadPanelProps {
  /** The selected worklist row (null when the queue is empty). */
  row: CohortRow | null;
  note: string;
  onNote: (note: string) => void;
  onVerdict: (verdict: Verdict) => void;
  onOpen: () => void;
}

/** The selected ECG's model output and the overread form (verdict buttons with their keys, a note). */
export function OverreadPanel({ row, note, onNote, onVerdict, onOpen }: OverreadPanelProps) {
  const { reviewer, setReviewer } = useCohortStore();
  return (
    <Paper withBorder p="sm" w={340} style={{ flexShrink: 0 }} data-testid="overread-panel">
      <Stack gap={6}>
        <TextInput size="xs" label="Reviewer" value={reviewer} onChange={(e) => setReviewer(e.currentTarget.value)} data-testid="overread-reviewer" />
        {!row ? (
          <Text size="sm" c="dimmed">Select an ECG.</Text>
        ) : (
          <>
            <Text size="sm" fw={600} truncate>{row.fileName}</Text>
            <Text size="xs">
              {row.primaryLabel ?? 'Finding'}: probability {pct(row.risk)} (interval {pct(row.riskLow)}–{pct(row.riskHigh)}), call{' '}
              {row.abstain ? 'none (too uncertain)' : row.riskCall === 'positive' ? 'yes' : 'no'}
            </Text>
            <Text size="xs">Model uncertainty: {uncertaintyText(row)}</Text>
            <Text size="xs">Echo label: {row.label ? `LVEF ${num(row.label.lvef, 0)} % (${row.label.positive ? 'positive' : 'negative'}, joined by ${row.label.join})` : 'none'}</Text>
            {row.overread && (
              <Text size="xs" data-testid="overread-last">
                Last overread: <Badge size="xs">{row.overread.verdict}</Badge> by {row.overread.reviewer}
                {row.overread.note ? ` · “${row.overread.note}”` : ''}
              </Text>
            )}
            <Button size="xs" variant="light" onClick={onOpen} data-testid="overread-open">
              Open in Review <Kbd ml={6} size="xs">Enter</Kbd>
            </Button>
            <Text size="xs" c="dimmed">In Review, Next and Previous walk this queue, and you can record the verdict there.</Text>
            <Textarea size="xs" placeholder="Note (optional)" autosize minRows={2} value={note} onChange={(e) => onNote(e.currentTarget.value)} data-testid="overread-note" />
            <Group gap={4} grow wrap="nowrap">
              <Button size="xs" px={6} color="teal" onClick={() => onVerdict('agree')} data-testid="verdict-agree">Agree <Kbd ml={4} size="xs">A</Kbd></Button>
              <Button size="xs" px={6} color="red" onClick={() => onVerdict('disagree')} data-testid="verdict-disagree">Disagree <Kbd ml={4} size="xs">D</Kbd></Button>
              <Button size="xs" px={6} color="gray" onClick={() => onVerdict('unsure')} data-testid="verdict-unsure">Unsure <Kbd ml={4} size="xs">U</Kbd></Button>
            </Group>
            <Text size="xs" c="dimmed">J/K or arrows move through the queue.</Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
