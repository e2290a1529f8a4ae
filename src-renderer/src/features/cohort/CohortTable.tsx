import { Badge, Group, Select, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Queue, RowSortKey } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';
import { QUEUE_COLOR, num, openRowInReview, riskText, uncertaintyText } from './row-format';
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

/** Every ECG of the cohort: sortable, filterable, virtualised (only the visible rows are in the DOM). */
export function CohortTable({ cohortId }: { cohortId: number }) {
  const client = useClient();
  const { revision, setError } = useCohortStore();
  const [sort, setSort] = useState<RowSortKey>('risk');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [status, setStatus] = useState<'scored' | 'failed' | 'pending' | null>(null);
  const [search, setSearch] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const filter = { ...(queue ? { queue } : {}), ...(status ? { status } : {}), ...(search ? { search } : {}) };
  const { total, rowAt, ensure } = useRowPages(client, { cohortId, sort, direction, filter }, revision);
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + VIEW_H) / ROW_H) + OVERSCAN);
  useEffect(() => ensure(first, Math.max(first, last)), [ensure, first, last]);

  const clickHead = (key: RowSortKey | null) => {
    if (!key) return;
    if (key === sort) setDirection((d) => (d === 'asc' ? 'desc' : 'asc'));
    else {
      setSort(key);
      setDirection(key === 'fileName' ? 'asc' : 'desc');
    }
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
        {r ? (
          <>
            <Text size="sm" truncate>{r.fileName}</Text>
            <span>{r.queue ? <Badge size="sm" color={QUEUE_COLOR[r.queue]}>{r.queue}</Badge> : <Text size="xs" c="dimmed">{r.errorCode ?? 'pending'}</Text>}</span>
            <span>{riskText(r)}</span>
            <span>{uncertaintyText(r)}</span>
            <span>{r.label ? num(r.label.lvef, 0) : '--'}</span>
            <span>{r.overread ? r.overread.verdict : ''}</span>
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
        <Select size="xs" placeholder="Any queue" clearable data={['positive', 'uncertain', 'negative']} value={queue} onChange={(v) => setQueue(v as Queue | null)} aria-label="Queue filter" />
        <Select size="xs" placeholder="Any status" clearable data={['scored', 'failed', 'pending']} value={status} onChange={(v) => setStatus(v as typeof status)} aria-label="Status filter" />
        <TextInput size="xs" placeholder="File name contains" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="Search file names" />
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
      <div style={{ height: VIEW_H, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="cohort-table-scroll">
        <div style={{ height: total * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
