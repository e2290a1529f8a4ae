import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEcgFile } from '../ecg/read-file';
import type { EchoingModel, ExecutionProviderChoice } from '../model/types';
import type { EcgRecord } from '../ecg/record';
import { CoreError } from '../errors';
import { loadModel } from '../model/index';
import type { ScoreJobSpec } from './job-protocol';

/** A job's reader for one ECG: the shared reader layer with its size limits, confined to the job's roots when it
 * has some, with the hints the job carries for files that do not state their rate or units. */
export function scoringReader(spec: Pick<ScoreJobSpec, 'roots' | 'readerHints'>): (path: string) => Promise<EcgRecord> {
  const byFolder = new Map(spec.readerHints?.byFolder ?? []);
  const all = spec.readerHints?.all;
  return (path) => {
    const hints = all ?? byFolder.get(dirname(path));
    return readEcgFile(path, { ...(spec.roots ? { roots: spec.roots } : {}), ...(hints ? { hints } : {}) });
  };
}

/** What a test engine module exports. */
type Loader = (dir: string) => Promise<EchoingModel>;

/** Where a scoring job runs the network: provider choice and intra-op threads (absent: the defaults below). */
export interface ScoringEngineOptions {
  executionProvider?: ExecutionProviderChoice;
  threads?: number;
}

/** Loads the model a job scores with: the pack runtime, or a test engine module when the spec names one. */
export async function loadScoringModel(modelDir: string, modelModule?: string, engine: ScoringEngineOptions = {}): Promise<EchoingModel> {
  if (modelModule) {
    let mod: { createModel?: Loader };
    try {
      mod = (await import(pathToFileURL(modelModule).href)) as { createModel?: Loader };
    } catch {
      // A TypeScript module inside a worker: tsx hooks require() there, not import().
      mod = createRequire(join(process.cwd(), 'noop.js'))(modelModule) as { createModel?: Loader };
    }
    if (typeof mod.createModel !== 'function') throw new CoreError('PACK_INVALID', 'The model module has no createModel().');
    return mod.createModel(modelDir);
  }
  return loadModel(modelDir, {
    executionProvider: engine.executionProvider ?? 'auto',
    threads: engine.threads ?? SCORING_ORT_THREADS,
    maxBatch: MAX_SCORING_BATCH,
  });
}

/** Largest batch a scoring job hands the network in one run (the largest --batch accepts). */
export const MAX_SCORING_BATCH = 256;

/**
 * ECGs per batch when the job does not say: 16 on the CPU (enough to amortise a call; more only holds
 * memory), 64 on a GPU, whose throughput keeps rising with the batch while the host reads and preprocesses the
 * next batches in the pool (the pipeline keeps SCORING_DEPTH batches in flight).
 */
export function defaultScoringBatch(executionProvider: string): number {
  return executionProvider === 'cpu' ? 16 : 64;
}

/**
 * onnxruntime threads for batch scoring: one. The parallelism comes from the pipeline (reading here,
 * preprocessing and the model on threads of their own); a two-thread operator on a two-core machine waits for
 * whichever core the reader holds, so the model thread stalls (measured in bench/cohort.bench.ts).
 */
export const SCORING_ORT_THREADS = 1;
