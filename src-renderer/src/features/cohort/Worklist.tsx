import { Badge, Group, Paper, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Queue, Verdict, WorklistPage } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { capturesTyping, modalOpen } from '../review/keyboard-focus';
import { useCohortStore } from './cohort-store';
import { OverreadPanel } from './OverreadPanel';
import { useReviewQueueStore } from './review-queue-store';
import { openQueueItem } from './queue-walk';
import { QUEUE_COLOR, QUEUE_LABEL, riskText, uncertaintyText } from './row-format';

/** Rows a queue shows (and the review workspace walks). */
const LIMIT = 500;

/**
 * Triage queues (confident positive, uncertain, confident negative) sorted by risk or uncertainty, with a
 * keyboard review loop: J/K or arrows move, Enter opens the ECG in Review (Next/Previous there walk this queue),
 * A/D/U record the verdict and move on. Queue, sort, "show reviewed" and the selected row live in the cohort
 * store, so they are as they were when the reader comes back from the review workspace.
 */
export function Worklist({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const { revision, bump, setError, reviewer, worklist: view, setWorklist, cohorts } = useCohortStore();
  const startQueue = useReviewQueueStore((s) => s.start);
  const [data, setData] = useState<WorklistPage | null>(null);
  const [note, setNote] = useState('');
  const { queue, sort, includeReviewed } = view;

  useEffect(() => {
    let live = true;
    void client.invoke('cohort:worklist', { cohortId, queue, sort, direction: 'desc', includeReviewed, offset: 0, limit: LIMIT }).then((r) => {
      if (!live) return;
      if (r.ok) setData(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [client, cohortId, queue, sort, includeReviewed, revision, setError]);

  const rows = useMemo(() => data?.page.rows ?? [], [data]);
  const byId = view.selectedFileId === null ? -1 : rows.findIndex((r) => r.fileId === view.selectedFileId);
  const index = byId >= 0 ? byId : Math.max(0, Math.min(view.selectedIndex, rows.length - 1));
  const current = rows[index];
  const select = useCallback((i: number) => setWorklist({ selectedIndex: i, selectedFileId: rows[i]?.fileId ?? null }), [rows, setWorklist]);

  const open = useCallback(
    (i: number) => {
      const row = rows[i];
      if (!row) return;
      select(i);
      const name = cohorts.find((c) => c.id === cohortId)?.name ?? 'Cohort';
      startQueue({ cohortId, cohortName: name, queue, items: rows.map((r) => ({ fileId: r.fileId, fileName: r.fileName })) }, i);
      void openQueueItem(client, i).then((m) => m && setError(m));
    },
    [rows, select, cohorts, cohortId, startQueue, queue, client, setError],
  );

  const record = useCallback(
    async (verdict: Verdict) => {
      if (!current) return;
      if (!reviewer.trim()) return setError('Enter your name as reviewer before recording a verdict.');
      const r = await client.invoke('cohort:overread', { fileId: current.fileId, verdict, note, reviewer: reviewer.trim() });
      if (!r.ok) return setError(r.error.message);
      setNote('');
      // The reviewed ECG leaves the queue unless reviewed rows are shown: either way the next row is selected.
      const next = rows[index + 1];
      setWorklist({ selectedFileId: next?.fileId ?? null, selectedIndex: includeReviewed ? index + 1 : index });
      bump();
    },
    [client, current, note, reviewer, includeReviewed, bump, setError, rows, index, setWorklist],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // As the review shortcuts: only typed fields take letters (a clicked switch or button does not silence the
      // worklist keys), and never behind a dialog.
      if (capturesTyping(e.target as HTMLElement | null) || modalOpen(document)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'arrowdown' || k === 'j') select(Math.min(rows.length - 1, index + 1));
      else if (k === 'arrowup' || k === 'k') select(Math.max(0, index - 1));
      else if ((k === 'enter' || k === 'o') && current) open(index);
      else if (k === 'a') void record('agree');
      else if (k === 'd') void record('disagree');
      else if (k === 'u') void record('unsure');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, record, rows.length, index, select, open]);

  const counts = data?.counts ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl
          value={queue}
          onChange={(v) => setWorklist({ queue: v as Queue, selectedFileId: null, selectedIndex: 0 })}
          data={(['positive', 'uncertain', 'negative'] as const).map((q) => {
            const c = counts.find((x) => x.queue === q);
            return { value: q, label: `${QUEUE_LABEL[q]} (${c ? c.total - c.reviewed : 0}/${c?.total ?? 0})` };
          })}
          data-testid="worklist-queues"
        />
        <Group gap="xs">
          <Select
            size="xs"
            w={170}
            data={[{ value: 'risk', label: 'Highest risk first' }, { value: 'uncertainty', label: 'Most uncertain first' }]}
            value={sort}
            onChange={(v) => v && setWorklist({ sort: v as 'risk' | 'uncertainty' })}
            aria-label="Sort worklist"
            data-testid="worklist-sort"
          />
          <Switch size="xs" label="Show reviewed" checked={includeReviewed} onChange={(e) => setWorklist({ includeReviewed: e.currentTarget.checked })} data-testid="worklist-show-reviewed" />
        </Group>
      </Group>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <Paper withBorder style={{ flex: 1, maxHeight: 460, overflowY: 'auto' }} data-testid="worklist-rows">
          {rows.length === 0 && <Text p="sm" c="dimmed">Nothing to review in this queue.</Text>}
          {rows.map((r, i) => (
            <Group
              key={r.fileId}
              px="sm"
              py={6}
              gap="sm"
              wrap="nowrap"
              data-testid="worklist-row"
              data-file-id={r.fileId}
              data-selected={r === current}
              onClick={() => select(i)}
              onDoubleClick={() => open(i)}
              style={{ cursor: 'pointer', background: r === current ? 'var(--mantine-color-blue-light)' : undefined }}
            >
              <Badge size="xs" color={QUEUE_COLOR[r.queue ?? 'negative']} style={{ flexShrink: 0, overflow: 'visible' }}>{i + 1}</Badge>
              <Stack gap={0} style={{ flex: 1, minWidth: 60 }}>
                <Text size="sm" truncate title={r.fileName}>{r.fileName}</Text>
                {r.overread?.note && (
                  <Text size="xs" c="dimmed" truncate title={r.overread.note} data-testid="worklist-note">
                    “{r.overread.note}”
                  </Text>
                )}
              </Stack>
              <Text size="sm" style={{ whiteSpace: 'nowrap', flexShrink: 0 }} data-testid="worklist-risk">{riskText(r)}</Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', flexShrink: 0 }} data-testid="worklist-uncertainty">{uncertaintyText(r)}</Text>
              {r.overread && (
                <Badge size="xs" variant="outline" style={{ flexShrink: 0 }} data-testid="worklist-overread">
                  {r.overread.verdict}
                </Badge>
              )}
            </Group>
          ))}
        </Paper>
        <OverreadPanel row={current ?? null} note={note} onNote={setNote} onVerdict={(v) => void record(v)} onOpen={() => open(index)} />
      </Group>
    </Stack>
  );
}
