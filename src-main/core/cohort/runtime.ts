import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEcgFile } from '../ecg/read-file';
import type { EchoingModel } from '../model/types';
import type { EcgRecord } from '../ecg/record';
import { CoreError } from '../errors';
import { loadModel } from '../model/index';

/** Reads one ECG for scoring (the shared reader layer, with its size limits; confined to `roots` when given). */
export function readEcgForScoring(path: string, roots?: readonly string[]): Promise<EcgRecord> {
  return readEcgFile(path, roots ? { roots } : {});
}

/** What a test engine module exports. */
type Loader = (dir: string) => Promise<EchoingModel>;

/** Loads the model a job scores with: the pack runtime, or a test engine module when the spec names one. */
export async function loadScoringModel(modelDir: string, modelModule?: string): Promise<EchoingModel> {
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
  return loadModel(modelDir, { threads: SCORING_ORT_THREADS });
}

/**
 * onnxruntime threads for batch scoring: one. The parallelism comes from the pipeline (reading here,
 * preprocessing and the model on threads of their own); a two-thread operator on a two-core machine waits for
 * whichever core the reader holds, so the model thread stalls (measured in bench/cohort.bench.ts).
 */
export const SCORING_ORT_THREADS = 1;
