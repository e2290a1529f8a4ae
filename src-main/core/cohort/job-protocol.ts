import type { ReaderHints } from '../ecg/format-reader';
import type { ExecutionProviderChoice } from '../model/types';
import type { FileSource, Shard } from './file-source';
import type { JobProgress } from './types';

/** What a scoring job needs, as plain data (it crosses to a worker thread or a child process). */
export interface ScoreJobSpec {
  jobId: string;
  dbPath: string;
  cohortId: number;
  source: FileSource;
  /** The model pack folder to load. */
  modelDir: string;
  /** ECGs per model call; default by the provider that runs (defaultScoringBatch). */
  batchSize?: number;
  /** Execution provider (default auto: a GPU when one works, else the CPU). */
  executionProvider?: ExecutionProviderChoice;
  /** onnxruntime intra-op threads (default SCORING_ORT_THREADS; a cluster task gives its CPUs per task). */
  threads?: number;
  /** This job's slice of the source when several scorers share it. */
  shard?: Shard;
  /** Folders every file read (and every WFDB companion) must lie in: the web host's roots; absent: anywhere. */
  roots?: string[];
  /**
   * What the user told the app about files that do not say it themselves (headerless CSV: sample rate, units):
   * `all` for every file of the job (the command line's --rate/--uv-per-unit), else by the folder holding the file
   * (the review's remembered folder hints), so a cohort scores its CSV exports as the review reads them.
   */
  readerHints?: { all?: ReaderHints; byFolder?: [string, ReaderHints][] };
  /**
   * A module exporting `createModel(modelDir): Promise<EchoingModel>` used instead of the pack runtime.
   * Tests and benchmarks only (a fake engine); never reachable from the renderer.
   */
  modelModule?: string;
}

export type ToWorker = { type: 'pause' } | { type: 'resume' } | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'end'; progress: JobProgress }
  | { type: 'error'; error: { code: string; message: string } };
