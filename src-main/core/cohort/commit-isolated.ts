import { toErrorValue } from '../errors';
import type { CohortStore, ScoredItem } from './store';

/**
 * Commits one scored batch in one transaction; when the batch fails as a whole, commits its items one by one so
 * a single item the store refuses is recorded as that file's failure and every other file keeps its result.
 * Returns the items as committed (a refused item comes back as a failure with the store's code).
 *
 * When even the failure record of an item is refused, the store itself is unusable (read-only, corrupt, full):
 * the batch's error is thrown and the job stops there, having committed what it could.
 */
export function commitIsolated(store: CohortStore, cohortId: number, modelId: string, modelVersion: string, items: ScoredItem[]): ScoredItem[] {
  try {
    store.commitBatch(cohortId, modelId, modelVersion, items);
    return items;
  } catch (batchError) {
    const committed: ScoredItem[] = [];
    for (const item of items) {
      try {
        store.commitBatch(cohortId, modelId, modelVersion, [item]);
        committed.push(item);
      } catch (itemError) {
        const e = toErrorValue(itemError);
        // The item's metadata may be what the store refused: the failure record carries the file key only.
        const failed: ScoredItem = {
          kind: 'failed', file: item.file, code: e.code, message: `The cohort database refused this ECG's result: ${e.message}`,
        };
        try {
          store.commitBatch(cohortId, modelId, modelVersion, [failed]);
        } catch {
          throw batchError;
        }
        committed.push(failed);
      }
    }
    return committed;
  }
}
