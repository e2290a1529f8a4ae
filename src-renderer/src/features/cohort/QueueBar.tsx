import { ActionIcon, Badge, Button, Group, Kbd, Paper, Text, TextInput, Tooltip } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Verdict } from '../../../../src-main/contract/index';
import { useReviewStore } from '../../stores/review-store';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';
import { backToWorklist, openQueueItem, stepQueue } from './queue-walk';
import { useReviewQueueStore } from './review-queue-store';
import { QUEUE_LABEL } from './row-format';
import { capturesTyping, modalOpen } from '../review/keyboard-focus';

const VERDICTS: { verdict: Verdict; label: string; key: string; color: string }[] = [
  { verdict: 'agree', label: 'Agree', key: 'A', color: 'teal' },
  { verdict: 'disagree', label: 'Disagree', key: 'D', color: 'red' },
  { verdict: 'unsure', label: 'Unsure', key: 'U', color: 'gray' },
];

/**
 * The worklist queue in the review workspace: where the reader is in it, Previous/Next in the queue, the
 * overread (agree / disagree / unsure, a note, A/D/U keys) and the way back to the worklist. Recording a
 * verdict moves on to the next ECG of the queue. Shown only while the ECG on screen is the queue's.
 */
export function QueueBar() {
  const client = useClient();
  const { current, index, recorded, tokens, noteRecorded, leave } = useReviewQueueStore();
  const { reviewer, setReviewer, bump } = useCohortStore();
  const onScreen = useReviewStore((s) => s.file?.token ?? null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const item = current?.items[index];
  const here = item !== undefined && tokens[item.fileId] === onScreen;

  const step = useCallback(
    async (delta: 1 | -1) => {
      setNote('');
      const m = await stepQueue(client, delta);
      setMessage(m ? { text: m, error: false } : null);
    },
    [client],
  );

  const record = useCallback(
    async (verdict: Verdict) => {
      if (!item) return;
      if (!reviewer.trim()) return setMessage({ text: 'Enter your name as reviewer before recording a verdict.', error: true });
      const r = await client.invoke('cohort:overread', { fileId: item.fileId, verdict, note, reviewer: reviewer.trim() });
      if (!r.ok) return setMessage({ text: r.error.message, error: true });
      noteRecorded(item.fileId, r.value);
      bump();
      setNote('');
      const last = current !== null && index >= current.items.length - 1;
      setMessage({ text: `Recorded ${verdict} for ${item.fileName}.${last ? ' That was the last ECG of the queue.' : ''}`, error: false });
      if (!last) {
        const m = await openQueueItem(client, index + 1);
        if (m) setMessage({ text: m, error: true });
      }
    },
    [client, item, note, reviewer, noteRecorded, bump, current, index],
  );

  // A confirmation fades after a few seconds (the bar stays one line); errors stay until the next action.
  useEffect(() => {
    if (!message || message.error) return;
    const t = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(t);
  }, [message]);

  useEffect(() => {
    if (!here) return;
    const onKey = (e: KeyboardEvent) => {
      // As the review shortcuts: only typed fields take letters, and never behind a dialog.
      if (capturesTyping(e.target as HTMLElement | null) || modalOpen(document)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const v = VERDICTS.find((x) => x.key.toLowerCase() === e.key.toLowerCase());
      if (!v) return;
      e.preventDefault();
      void record(v.verdict);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [here, record]);

  if (!current || !item) return null;
  if (!here) {
    return (
      <Group gap="xs" data-testid="queue-bar-away">
        <Text size="xs" c="dimmed">
          This ECG is not part of the {QUEUE_LABEL[current.queue].toLowerCase()} queue of {current.cohortName}.
        </Text>
        <Button size="compact-xs" variant="light" onClick={() => void openQueueItem(client, index)}>
          Back to the queue ({index + 1} of {current.items.length})
        </Button>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={leave}>
          Leave the queue
        </Button>
      </Group>
    );
  }
  const done = recorded[item.fileId];
  return (
    <Paper withBorder px={6} py={4} data-testid="queue-bar" data-index={index} data-total={current.items.length} data-file-id={item.fileId}>
      <Group gap={6} wrap="nowrap">
        <Tooltip label="Previous ECG of the queue (P)">
          <ActionIcon variant="default" onClick={() => void step(-1)} disabled={index === 0} aria-label="Previous ECG of the queue" data-testid="queue-previous">
            ◀
          </ActionIcon>
        </Tooltip>
        <Text size="sm" fw={600} data-testid="queue-position" style={{ whiteSpace: 'nowrap' }} title={current.cohortName}>
          {QUEUE_LABEL[current.queue]} · {index + 1} of {current.items.length}
        </Text>
        <Tooltip label="Next ECG of the queue (N)">
          <ActionIcon variant="default" onClick={() => void step(1)} disabled={index >= current.items.length - 1} aria-label="Next ECG of the queue" data-testid="queue-next">
            ▶
          </ActionIcon>
        </Tooltip>
        <Button size="compact-sm" variant="subtle" onClick={backToWorklist} data-testid="queue-back" style={{ flexShrink: 0 }}>
          Back to worklist
        </Button>
        <TextInput size="xs" w={104} placeholder="Reviewer" aria-label="Reviewer" value={reviewer} onChange={(e) => setReviewer(e.currentTarget.value)} data-testid="queue-reviewer" style={{ flexShrink: 0 }} />
        <TextInput size="xs" placeholder="Overread note (optional)" aria-label="Overread note" value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="queue-note" style={{ flex: 1, minWidth: 110 }} />
        {VERDICTS.map((v) => (
          <Button key={v.verdict} size="compact-sm" px={8} color={v.color} onClick={() => void record(v.verdict)} data-testid={`queue-verdict-${v.verdict}`} style={{ flexShrink: 0 }}>
            {v.label} <Kbd ml={4} size="xs">{v.key}</Kbd>
          </Button>
        ))}
        {done && (
          <Badge size="sm" variant="outline" data-testid="queue-recorded" style={{ textTransform: 'none', flexShrink: 0 }} title={done.note || undefined}>
            {done.verdict}
          </Badge>
        )}
        <Tooltip label="Leave the queue: Next and Previous walk the folder again">
          <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Leave the queue" onClick={leave} data-testid="queue-leave">
            ✕
          </ActionIcon>
        </Tooltip>
      </Group>
      {message && (
        <Text size="xs" mt={2} c={message.error ? 'red' : 'dimmed'} data-testid="queue-message">
          {message.text}
        </Text>
      )}
    </Paper>
  );
}
