import { Badge, Group, Paper, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Queue, Verdict, WorklistPage } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';
import { OverreadPanel } from './OverreadPanel';
import { QUEUE_COLOR, QUEUE_LABEL, openRowInReview, riskText, uncertaintyText } from './row-format';

const LIMIT = 200;

/**
 * Triage queues (confident positive, uncertain, confident negative) sorted by risk or uncertainty, with a
 * keyboard review loop: J/K or arrows move, Enter opens the ECG in Review, A/D/U record the verdict and move on.
 */
export function Worklist({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const { revision, bump, setError, reviewer } = useCohortStore();
  const [queue, setQueue] = useState<Queue>('uncertain');
  const [sort, setSort] = useState<'risk' | 'uncertainty'>('risk');
  const [includeReviewed, setIncludeReviewed] = useState(false);
  const [data, setData] = useState<WorklistPage | null>(null);
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState('');

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

  const rows = data?.page.rows ?? [];
  const current = rows[Math.min(index, rows.length - 1)];
  const record = useCallback(
    async (verdict: Verdict) => {
      if (!current) return;
      if (!reviewer.trim()) return setError('Enter your name as reviewer before recording a verdict.');
      const r = await client.invoke('cohort:overread', { fileId: current.fileId, verdict, note, reviewer: reviewer.trim() });
      if (!r.ok) return setError(r.error.message);
      setNote('');
      // The reviewed ECG leaves the queue, so the same index is the next one; with reviewed shown, step on.
      if (includeReviewed) setIndex((i) => i + 1);
      bump();
    },
    [client, current, note, reviewer, includeReviewed, bump, setError],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'arrowdown' || k === 'j') setIndex((i) => Math.min(rows.length - 1, i + 1));
      else if (k === 'arrowup' || k === 'k') setIndex((i) => Math.max(0, i - 1));
      else if ((k === 'enter' || k === 'o') && current) void openRowInReview(client, current.fileId).then((m) => m && setError(m));
      else if (k === 'a') void record('agree');
      else if (k === 'd') void record('disagree');
      else if (k === 'u') void record('unsure');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, current, record, rows.length, setError]);

  const counts = data?.counts ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl
          value={queue}
          onChange={(v) => {
            setQueue(v as Queue);
            setIndex(0);
          }}
          data={(['positive', 'uncertain', 'negative'] as const).map((q) => {
            const c = counts.find((x) => x.queue === q);
            return { value: q, label: `${QUEUE_LABEL[q]} (${c ? c.total - c.reviewed : 0}/${c?.total ?? 0})` };
          })}
          data-testid="worklist-queues"
        />
        <Group gap="xs">
          <Select size="xs" w={170} data={[{ value: 'risk', label: 'Highest risk first' }, { value: 'uncertainty', label: 'Most uncertain first' }]} value={sort} onChange={(v) => v && setSort(v as 'risk' | 'uncertainty')} aria-label="Sort worklist" data-testid="worklist-sort" />
          <Switch size="xs" label="Show reviewed" checked={includeReviewed} onChange={(e) => setIncludeReviewed(e.currentTarget.checked)} />
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
              data-selected={r === current}
              onClick={() => setIndex(i)}
              style={{ cursor: 'pointer', background: r === current ? 'var(--mantine-color-blue-light)' : undefined }}
            >
              <Badge size="xs" color={QUEUE_COLOR[r.queue ?? 'negative']}>{i + 1}</Badge>
              <Text size="sm" truncate style={{ flex: 1 }}>{r.fileName}</Text>
              <Text size="sm" data-testid="worklist-risk">{riskText(r)}</Text>
              <Text size="xs" c="dimmed" w={90} data-testid="worklist-uncertainty">{uncertaintyText(r)}</Text>
              {r.overread && <Badge size="xs" variant="outline">{r.overread.verdict}</Badge>}
            </Group>
          ))}
        </Paper>
        <OverreadPanel row={current ?? null} note={note} onNote={setNote} onVerdict={(v) => void record(v)} onOpen={() => current && void openRowInReview(client, current.fileId).then((m) => m && setError(m))} />
      </Group>
    </Stack>
  );
}
