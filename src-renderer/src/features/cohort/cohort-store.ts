import { create } from 'zustand';
import type { CohortSummary, EchoingClient, JobProgress, Queue, RowSortKey } from '../../../../src-main/contract/index';

export type CohortTab = 'worklist' | 'table' | 'validation' | 'import';

/** How the worklist is shown; kept here so leaving for the review workspace and coming back changes nothing. */
export interface WorklistView {
  queue: Queue;
  sort: 'risk' | 'uncertainty';
  includeReviewed: boolean;
  /** The selected row by file id (it may leave the queue once reviewed: then the row now at selectedIndex). */
  selectedFileId: number | null;
  selectedIndex: number;
}

/** How the All ECGs table is shown (sort, filters, scroll), kept across sections like the worklist's. */
export interface TableView {
  sort: RowSortKey;
  direction: 'asc' | 'desc';
  queue: Queue | null;
  status: 'scored' | 'failed' | 'pending' | null;
  search: string;
  scrollTop: number;
}

interface CohortState {
  cohorts: CohortSummary[];
  selectedId: number | null;
  tab: CohortTab;
  /** Last progress per job id (from cohort:progress events). */
  jobs: Record<string, JobProgress>;
  /** Bumped whenever stored rows may have changed (a batch committed, an overread recorded). */
  revision: number;
  error: string | null;
  reviewer: string;
  worklist: WorklistView;
  table: TableView;
  setWorklist(patch: Partial<WorklistView>): void;
  setTable(patch: Partial<TableView>): void;
  refresh(client: EchoingClient): Promise<void>;
  select(id: number | null): void;
  setTab(tab: CohortTab): void;
  onProgress(p: JobProgress): void;
  bump(): void;
  setError(message: string | null): void;
  setReviewer(name: string): void;
}

const REVIEWER_KEY = 'echoing.cohort.reviewer';

function storedReviewer(): string {
  try {
    return globalThis.localStorage?.getItem(REVIEWER_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Cohort screens' state: the list, the selected cohort and tab, live import progress, the reviewer name. */
export const useCohortStore = create<CohortState>((set, get) => ({
  cohorts: [],
  selectedId: null,
  tab: 'worklist',
  jobs: {},
  revision: 0,
  error: null,
  reviewer: storedReviewer(),
  worklist: { queue: 'uncertain', sort: 'risk', includeReviewed: false, selectedFileId: null, selectedIndex: 0 },
  table: { sort: 'risk', direction: 'desc', queue: null, status: null, search: '', scrollTop: 0 },
  setWorklist: (patch) => set((s) => ({ worklist: { ...s.worklist, ...patch } })),
  setTable: (patch) => set((s) => ({ table: { ...s.table, ...patch } })),
  async refresh(client) {
    const r = await client.invoke('cohort:list', {});
    if (!r.ok) return set({ error: r.error.message });
    const selectedId = get().selectedId ?? r.value[0]?.id ?? null;
    set({ cohorts: r.value, selectedId, error: null });
  },
  // Another cohort starts its worklist at the top (its rows are not this one's).
  select: (selectedId) =>
    set((s) => (s.selectedId === selectedId ? {} : { selectedId, worklist: { ...s.worklist, selectedFileId: null, selectedIndex: 0 }, table: { ...s.table, scrollTop: 0 } })),
  setTab: (tab) => set({ tab }),
  onProgress(p) {
    const prev = get().jobs[p.jobId];
    const committed = !prev || prev.scored !== p.scored || prev.failed !== p.failed || prev.state !== p.state;
    set((s) => ({ jobs: { ...s.jobs, [p.jobId]: p }, revision: committed ? s.revision + 1 : s.revision }));
  },
  bump: () => set((s) => ({ revision: s.revision + 1 })),
  setError: (error) => set({ error }),
  setReviewer(reviewer) {
    try {
      globalThis.localStorage?.setItem(REVIEWER_KEY, reviewer);
    } catch {
      // Private mode: the name lasts for the session only.
    }
    set({ reviewer });
  },
}));
