import { toErrorValue } from '../errors';
import type { ScoreJobSpec } from './job-protocol';
import { defaultScoringBatch, loadScoringModel, scoringReader } from './runtime';
import { runScoring, type ScoringControl } from './scorer';
import { CohortStore } from './store';
import type { JobProgress } from './types';

/**
 * Runs one scoring job to its end in the current thread: opens its own connection to the store (WAL lets the
 * app keep reading), loads the model, scores, and closes both whatever happens. The worker thread, the
 * command line and the in-process test launcher all go through this one function.
 */
/** Where the network runs and which providers `auto` skipped (and why), reported once the model is loaded. */
export interface ScoringEngineReport {
  executionProvider: string;
  fallbacks: { provider: string; reason: string }[];
}

export async function runScoreJob(
  spec: ScoreJobSpec,
  control: ScoringControl,
  onProgress: (p: JobProgress) => void,
  onEngine?: (r: ScoringEngineReport) => void,
): Promise<JobProgress> {
  const store = CohortStore.open(spec.dbPath);
  let model;
  try {
    model = await loadScoringModel(spec.modelDir, spec.modelModule, { executionProvider: spec.executionProvider, threads: spec.threads });
    onEngine?.({ executionProvider: model.executionProvider, fallbacks: (model as { fallbacks?: ScoringEngineReport['fallbacks'] }).fallbacks ?? [] });
    return await runScoring({
      store, cohortId: spec.cohortId, source: spec.source, model, readEcg: scoringReader(spec), jobId: spec.jobId,
      control, batchSize: spec.batchSize ?? defaultScoringBatch(model.executionProvider), onProgress, shard: spec.shard,
    });
  } finally {
    await model?.dispose().catch(() => undefined);
    store.close();
  }
}

/** A failed job's final progress report (the error is coded and PHI-free). */
export function failedProgress(spec: ScoreJobSpec, error: unknown, last?: JobProgress): JobProgress {
  const e = toErrorValue(error);
  return {
    jobId: spec.jobId, cohortId: spec.cohortId, state: 'failed', total: last?.total ?? null, processed: last?.processed ?? 0,
    scored: last?.scored ?? 0, skipped: last?.skipped ?? 0, failed: last?.failed ?? 0, filesPerSecond: last?.filesPerSecond ?? 0,
    etaSeconds: null, elapsedS: last?.elapsedS ?? 0, error: { code: e.code, message: e.message },
  };
}
