/**
 * Runs one adaptation job to its end in the current thread: its own connection to the cohort store, the base
 * pack loaded and hash-checked, the dataset read, the adaptation run, the store closed whatever happens. The
 * worker thread, the command line and the in-process launcher all go through this function.
 */
import { CohortStore } from '../cohort/store';
import { CoreError } from '../errors';
import { loadPackData } from '../model/pack/load';
import { type AdaptOutcome, runAdaptation } from './adapt';
import { loadAdaptDataset } from './dataset';
import type { AdaptOptions } from './types';

/** What an adaptation job needs, as plain data (it crosses to a worker thread). */
export interface AdaptJobSpec {
  jobId: string;
  dbPath: string;
  cohortId: number;
  /** The pack that scored the cohort (its embeddings' model). */
  basePackDir: string;
  options: AdaptOptions;
}

export type AdaptToWorker = { type: 'cancel' };
export type AdaptFromWorker =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'done'; outcome: AdaptOutcome }
  | { type: 'error'; error: { code: string; message: string } };

export async function runAdaptJob(spec: AdaptJobSpec, signal: AbortSignal, onProgress: (stage: string, fraction: number) => void): Promise<AdaptOutcome> {
  onProgress('Reading the pack and the cohort', 0);
  const base = await loadPackData(spec.basePackDir);
  const store = CohortStore.open(spec.dbPath);
  try {
    const c = store.cohort(spec.cohortId);
    if (c.model_id !== base.manifest.id || c.model_version !== base.manifest.version) {
      throw new CoreError(
        'ADAPT_BASE_MISMATCH',
        `This cohort was scored with ${c.model_id ?? 'no pack'} ${c.model_version ?? ''}; its embeddings cannot adapt ${base.manifest.id} ${base.manifest.version}. Score the cohort with that pack first.`,
      );
    }
    const data = loadAdaptDataset(store, spec.cohortId, spec.options.target);
    return await runAdaptation({ data, base, options: spec.options, onProgress, signal });
  } finally {
    store.close();
  }
}
