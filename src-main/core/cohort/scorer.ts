import { basename } from 'node:path';
import type { EcgRecord } from '../ecg/record';
import { CoreError, toErrorValue } from '../errors';
import type { EchoingModel, PredictionResult } from '../model/types';
import { countSource, type FileSource, hashFile, inShard, type Shard, sourcePaths } from './file-source';
import { predictionProblem } from '../model/boundary-checks';
import { BatchPipeline } from './batch-pipeline';
import { commitIsolated } from './commit-isolated';
import { inContentShard } from './shard';
import { fileMetaOf, type FileMeta, toPredictionRow } from './prediction-row';
import type { CohortStore, FileKey, ScoredItem } from './store';
import type { JobProgress, JobState } from './types';

/** Pause / cancel flags the job owner flips; the scorer checks them between files. */
export class ScoringControl {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.wake?.();
  }
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }
  get isPaused(): boolean {
    return this.paused;
  }
  get isCancelled(): boolean {
    return this.cancelled;
  }
  /** Resolves at once unless paused; then when resumed or cancelled. */
  async whilePaused(): Promise<void> {
    while (this.paused && !this.cancelled) {
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}

export interface ScoringOptions {
  store: CohortStore;
  cohortId: number;
  source: FileSource;
  model: EchoingModel;
  readEcg: (path: string) => Promise<EcgRecord>;
  jobId: string;
  control?: ScoringControl;
  /** Records per model call and per committed transaction (default 16). */
  batchSize?: number;
  onProgress?: (p: JobProgress) => void;
  /** Minimum ms between progress reports (default 200). */
  progressEveryMs?: number;
  /** Score only this slice of the source (parallel scorers each take one). */
  shard?: Shard;
}

interface Pending {
  file: FileKey;
  meta: FileMeta;
  record: EcgRecord;
}

/**
 * Scores a cohort's files with one model, streaming: at most `batchSize` decoded records are held at a time,
 * each batch is committed in one transaction, and files whose content already has a result for this model
 * version are skipped. A failure of one file is recorded with its code and the batch goes on.
 */
export async function runScoring(opts: ScoringOptions): Promise<JobProgress> {
  const { store, cohortId, model, control = new ScoringControl() } = opts;
  const batchSize = Math.max(1, opts.batchSize ?? 16);
  const { id: modelId, version: modelVersion } = model.summary;
  store.cohort(cohortId);
  store.setCohortModel(cohortId, modelId, modelVersion);

  const started = Date.now();
  let pausedMs = 0;
  let lastReport = 0;
  const progress: JobProgress = {
    jobId: opts.jobId, cohortId, state: 'counting', total: null, processed: 0, scored: 0, skipped: 0, failed: 0,
    filesPerSecond: 0, etaSeconds: null, elapsedS: 0,
  };
  const report = (state: JobState, force = false) => {
    progress.state = state;
    const activeS = Math.max(1e-3, (Date.now() - started - pausedMs) / 1000);
    progress.elapsedS = activeS;
    const work = progress.scored + progress.failed;
    progress.filesPerSecond = work / activeS;
    const rate = progress.processed / activeS;
    progress.etaSeconds = progress.total !== null && rate > 0 ? Math.max(0, (progress.total - progress.processed) / rate) : null;
    const t = Date.now();
    if (force || t - lastReport >= (opts.progressEveryMs ?? 200)) {
      lastReport = t;
      opts.onProgress?.({ ...progress });
    }
  };
  report('counting', true);
  progress.total = await countSource(opts.source, () => control.isCancelled, opts.shard);

  let pending: Pending[] = [];
  let failures: ScoredItem[] = [];
  const pipeline = new BatchPipeline<Pending>(
    (batch) => predictAll(model, batch),
    (batch) => {
      // A batch the store refuses as a whole is committed file by file: one bad item never stops the cohort.
      const items = commitIsolated(store, cohortId, modelId, modelVersion, batch);
      for (const it of items) {
        if (it.kind === 'scored') progress.scored += 1;
        else if (it.kind === 'failed') progress.failed += 1;
      }
    },
  );
  const flush = async (): Promise<void> => {
    const batch = pending;
    const done = failures;
    pending = [];
    failures = [];
    await pipeline.submit(batch, done);
  };

  report('running', true);
  try {
    await readAll();
  } catch (error) {
    // Whatever is already being scored finishes (committed or not) before the error goes up.
    await pipeline.drain().catch(() => undefined);
    throw error;
  }
  await flush();
  await pipeline.drain();
  // A content shard's size was an estimate until every file was hashed.
  if (opts.shard?.by === 'content' && !control.isCancelled) progress.total = progress.processed;
  report(control.isCancelled ? 'cancelled' : 'done', true);
  return { ...progress };

  async function readAll(): Promise<void> {
    let position = -1;
    for await (const path of sourcePaths(opts.source)) {
      position += 1;
      if (!inShard(position, opts.shard)) continue;
      if (control.isPaused) {
        const p0 = Date.now();
        report('paused', true);
        await control.whilePaused();
        pausedMs += Date.now() - p0;
        report('running', true);
      }
      if (control.isCancelled) break;
      let file: FileKey;
      try {
        const h = await hashFile(path);
        file = { ...h, path, fileName: basename(path) };
      } catch (error) {
        // Vanished between listing and reading: nothing to key it by, so it is only counted (by one shard).
        void error;
        if (opts.shard?.by !== 'content' || opts.shard.index === 0) {
          progress.processed += 1;
          progress.failed += 1;
        }
        report('running');
        continue;
      }
      if (!inContentShard(file.sha256, opts.shard)) continue;
      progress.processed += 1;
      if (pipeline.has(file.sha256) || store.isDone(file.sha256, modelId, modelVersion)) {
        // Attached to the cohort with the next committed batch (one transaction, not one per file).
        failures.push({ kind: 'skipped', file });
        progress.skipped += 1;
        if (failures.length >= 256) await flush();
        report('running');
        continue;
      }
      pipeline.hold(file.sha256);
      try {
        const record = await opts.readEcg(path);
        pending.push({ file, meta: fileMetaOf(record), record });
      } catch (error) {
        const e = toErrorValue(error);
        failures.push({ kind: 'failed', file, code: e.code, message: e.message });
      }
      if (pending.length >= batchSize || failures.length >= 256) await flush();
      report('running');
    }
  }
}

interface SettledModel {
  predictSettled(
    records: EcgRecord[],
  ): Promise<({ ok: true; result: PredictionResult } | { ok: false; error: { code: string; message: string } })[]>;
}

/** One model call for the batch; if the batch fails as a whole, each record alone so one bad file is isolated. */
async function predictAll(model: EchoingModel, pending: Pending[]): Promise<ScoredItem[]> {
  const settled = (model as Partial<SettledModel>).predictSettled;
  if (typeof settled === 'function') {
    // The pack runtime isolates per-record failures itself, in one session run; a batch that fails as a
    // whole is retried record by record, so the record that broke it gets the error and the rest a result.
    const outcomes = await settled.call(model, pending.map((p) => p.record)).catch(async () =>
      (await Promise.all(pending.map((p) => settled.call(model, [p.record]).catch((e: unknown) => [{ ok: false as const, error: toErrorValue(e) }])))).flat(),
    );
    return pending.map((p, i): ScoredItem => {
      const o = outcomes[i];
      if (o?.ok) return scoredItem(p, o.result);
      const e = o ? o.error : { code: 'INFERENCE_FAILED', message: 'The model returned no result for this ECG.' };
      return { kind: 'failed', file: p.file, meta: p.meta, code: e.code, message: e.message };
    });
  }
  let results: PredictionResult[] | null;
  try {
    results = await model.predictBatch(pending.map((p) => p.record));
    if (results.length !== pending.length) throw new CoreError('INFERENCE_FAILED', 'The model returned a wrong batch size.');
  } catch {
    results = null;
  }
  const out: ScoredItem[] = [];
  for (let i = 0; i < pending.length; i += 1) {
    const p = pending[i] as Pending;
    try {
      const r = results ? (results[i] as PredictionResult) : await model.predict(p.record);
      out.push(scoredItem(p, r));
    } catch (error) {
      const e = toErrorValue(error);
      out.push({ kind: 'failed', file: p.file, meta: p.meta, code: e.code, message: e.message });
    }
  }
  return out;
}

/** A result as a stored item, or the record's failure when any value of it is non-finite or out of range. */
function scoredItem(p: Pending, result: PredictionResult): ScoredItem {
  const problem = predictionProblem(result);
  if (problem) return { kind: 'failed', file: p.file, meta: p.meta, code: problem.code, message: problem.message };
  return { kind: 'scored', file: p.file, meta: p.meta, prediction: toPredictionRow(result) };
}
