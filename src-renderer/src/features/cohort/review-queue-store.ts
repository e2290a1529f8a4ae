/**
 * The worklist queue being read in the review workspace: which cohort and queue, the ECGs in the order the
 * worklist showed them, and where the reader is. Next/Previous in review walk this list, not the folder.
 */
import { create } from 'zustand';
import type { Queue, RowOverread } from '../../../../src-main/contract/index';

export interface QueueItem {
  fileId: number;
  fileName: string;
}

export interface ReviewQueue {
  cohortId: number;
  cohortName: string;
  queue: Queue;
  items: QueueItem[];
}

interface ReviewQueueState {
  current: ReviewQueue | null;
  index: number;
  /** Overreads recorded from the review workspace this session, by file id (shown on the bar). */
  recorded: Record<number, RowOverread>;
  /** The file token each opened item got (the bar shows only while that file is on screen). */
  tokens: Record<number, string>;
  setToken: (fileId: number, token: string) => void;
  start: (queue: ReviewQueue, index: number) => void;
  /** Moves to `index` (clamped); returns the item there, or null when the queue is left or empty. */
  go: (index: number) => QueueItem | null;
  noteRecorded: (fileId: number, overread: RowOverread) => void;
  /** Leaves the queue (Next/Previous go back to walking the folder). */
  leave: () => void;
}

export const useReviewQueueStore = create<ReviewQueueState>((set, get) => ({
  current: null,
  index: 0,
  recorded: {},
  tokens: {},
  setToken: (fileId, token) => set((s) => ({ tokens: { ...s.tokens, [fileId]: token } })),
  start: (current, index) => set({ current, index: Math.max(0, Math.min(index, current.items.length - 1)) }),
  go: (index) => {
    const q = get().current;
    if (!q || index < 0 || index >= q.items.length) return null;
    set({ index });
    return q.items[index] ?? null;
  },
  noteRecorded: (fileId, overread) => set((s) => ({ recorded: { ...s.recorded, [fileId]: overread } })),
  leave: () => set({ current: null, index: 0 }),
}));

/** The item on screen, or null outside a queue. */
export function currentQueueItem(): QueueItem | null {
  const { current, index } = useReviewQueueStore.getState();
  return current?.items[index] ?? null;
}

/** Item `index` of the queue, opened in review (null when outside the queue). */
export function queueItemAt(index: number): QueueItem | null {
  return useReviewQueueStore.getState().current?.items[index] ?? null;
}
