/**
 * Walking a worklist queue in the review workspace: open the item before or after the one on screen (with the
 * cohort's stored prediction), and go back to the worklist where the reader left it.
 */
import type { EchoingClient } from '../../../../src-main/contract/index';
import { useShellStore } from '../../app/shell-store';
import { useCohortStore } from './cohort-store';
import { useReviewQueueStore } from './review-queue-store';
import { openRowInReview } from './row-format';

/** Opens item `index` of the queue; a message when there is none there (the ends of the queue). */
export async function openQueueItem(client: EchoingClient, index: number): Promise<string | null> {
  const store = useReviewQueueStore.getState();
  const q = store.current;
  if (!q) return null;
  if (index < 0) return 'This is the first ECG of the queue.';
  if (index >= q.items.length) return 'This is the last ECG of the queue: go back to the worklist for the rest.';
  const item = store.go(index);
  if (!item) return null;
  return openRowInReview(client, item.fileId, (token) => useReviewQueueStore.getState().setToken(item.fileId, token));
}

/** Steps through the queue (+1 next, -1 previous). */
export function stepQueue(client: EchoingClient, delta: 1 | -1): Promise<string | null> {
  return openQueueItem(client, useReviewQueueStore.getState().index + delta);
}

/**
 * Back to the worklist, with the row of the ECG on screen selected (or, when that one was just reviewed and
 * has left the queue, the next one not yet reviewed). The worklist keeps its queue, sort and filters.
 */
export function backToWorklist(): void {
  const { current, index, recorded } = useReviewQueueStore.getState();
  const cohort = useCohortStore.getState();
  if (current) {
    const shown = current.items[index];
    const showReviewed = cohort.worklist.includeReviewed;
    const next = current.items.slice(index).find((it) => showReviewed || !recorded[it.fileId]) ?? shown;
    cohort.select(current.cohortId);
    cohort.setWorklist({ queue: current.queue, selectedFileId: next?.fileId ?? null });
  }
  cohort.setTab('worklist');
  useShellStore.getState().setSection('cohorts');
}
