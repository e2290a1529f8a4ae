import { Badge, Group, Select, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Queue, RowSortKey } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';
import { QUEUE_COLOR, failureText, num, openRowInReview, riskText, uncertaintyText } from './row-format';
import { useRowPages } from './use-row-pages';

const ROW_H = 32;
const VIEW_H = 480;
const OVERSCAN = 6;
const COLS = '2.2fr 1fr 1.4fr 0.9fr 0.7fr 0.9fr';

const HEAD: { key: RowSortKey | null; label: string }[] = [
  { key: 'fileName', label: 'File' },
  { key: 'queue', label: 'Queue' },
  { key: 'risk', label: 'Risk (interval)' },
  { key: 'uncertainty', label: 'Uncertainty' },
  { key: 'lvef', label: 'Echo LVEF' },
  { key: null, label: 'Overread' },
];

/**
 * Every ECG of the cohort: sortable, filterable, virtualised (only the visible rows are in the DOM). Sort,
 * filters and scroll position live in the cohort store, so they are kept while the reader is in Review.
 */
export function CohortTable({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const { revision, setError, table, setTable } = useCohortStore();
  const { sort, direction, queue, status, search, scrollTop } = table;
  const scroller = useRef<HTMLDivElement>(null);
  // Back from Review: the list opens where it was scrolled to.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = useCohortStore.getState().table.scrollTop;
  }, []);
  const filter = { ...(queue ? { queue } : {}), ...(status ? { status } : {}), ...(search ? { search } : {}) };
  const { total, rowAt, ensure } = useRowPages(client, { cohortId, sort, direction, filter }, revision);
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + VIEW_H) / ROW_H) + OVERSCAN);
  useEffect(() => ensure(first, Math.max(first, last)), [ensure, first, last]);

  const clickHead = (key: RowSortKey | null) => {
    if (!key) return;
    if (key === sort) setTable({ direction: direction === 'asc' ? 'desc' : 'asc' });
    else setTable({ sort: key, direction: key === 'fileName' ? 'asc' : 'desc' });
  };
  const rows = [];
  for (let i = first; i <= last; i += 1) {
    const r = rowAt(i);
    rows.push(
      <UnstyledButton
        key={i}
        data-testid="cohort-row"
        onClick={() => r && void openRowInReview(client, r.fileId).then((e) => e && setError(e))}
        style={{ position: 'absolute', top: i * ROW_H, left: 0, right: 0, height: ROW_H, display: 'grid', gridTemplateColumns: COLS, alignItems: 'center', padding: '0 8px', borderBottom: '1px solid var(--mantine-color-default-border)', fontSize: 13 }}
      >
        {r && !r.queue ? (
          <>
            <Text size="sm" truncate>{r.fileName}</Text>
            <Text size="xs" c={r.errorCode ? 'red' : 'dimmed'} truncate title={failureText(r)} style={{ gridColumn: 'span 5' }} data-testid="cohort-row-failure">
              {failureText(r)}
            </Text>
          </>
        ) : r ? (
          <>
            <Text size="sm" truncate>{r.fileName}</Text>
            <span>{r.queue ? <Badge size="sm" color={QUEUE_COLOR[r.queue]}>{r.queue}</Badge> : null}</span>
            <span>{riskText(r)}</span>
            <span>{uncertaintyText(r)}</span>
            <span>{r.label ? `${num(r.label.lvef, 0)} %` : '--'}</span>
            <Text size="xs" truncate title={r.overread?.note || undefined}>
              {r.overread ? `${r.overread.verdict}${r.overread.note ? ` · “${r.overread.note}”` : ''}` : ''}
            </Text>
          </>
        ) : (
          <Text size="xs" c="dimmed">…</Text>
        )}
      </UnstyledButton>,
    );
  }
  return (
    <div>
      <Group gap="xs" mb="xs">
        <Select size="xs" placeholder="Any queue" clearable data={['positive', 'uncertain', 'negative']} value={queue} onChange={(v) => setTable({ queue: v as Queue | null })} aria-label="Queue filter" />
        <Select size="xs" placeholder="Any status" clearable data={[{ value: 'scored', label: 'scored' }, { value: 'failed', label: 'unreadable' }, { value: 'pending', label: 'pending' }]} value={status} onChange={(v) => setTable({ status: v as typeof status })} aria-label="Status filter" />
        <TextInput size="xs" placeholder="File name contains" value={search} onChange={(e) => setTable({ search: e.currentTarget.value })} aria-label="Search file names" />
        <Text size="xs" c="dimmed" data-testid="cohort-table-total">{total} ECGs</Text>
      </Group>
      <div role="row" style={{ display: 'grid', gridTemplateColumns: COLS, padding: '0 8px', fontWeight: 600, fontSize: 13 }}>
        {HEAD.map((h) => (
          <UnstyledButton key={h.label} onClick={() => clickHead(h.key)} data-testid={h.key ? `sort-${h.key}` : undefined} style={{ fontWeight: 600, fontSize: 13 }}>
            {h.label}
            {h.key === sort ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
          </UnstyledButton>
        ))}
      </div>
      <div ref={scroller} style={{ height: VIEW_H, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setTable({ scrollTop: e.currentTarget.scrollTop })} data-testid="cohort-table-scroll">
        <div style={{ height: total * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
