/**
 * The app's adaptation jobs: started in a worker thread (the built adapt-worker.js, the TypeScript source
 * through tsx in development, or this thread when neither exists), with progress, cancel, and the outcome
 * kept until the user saves it as a pack or starts another.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CoreError, toErrorValue } from '../errors';
import type { AdaptOutcome } from './adapt';
import { type AdaptFromWorker, type AdaptJobSpec, runAdaptJob } from './run-adapt';
import type { AdaptProgress } from './types';

export interface RunningAdaptation {
  cancel(): void;
  readonly done: Promise<AdaptOutcome>;
}

export type AdaptLauncher = (spec: AdaptJobSpec, onProgress: (stage: string, fraction: number) => void) => RunningAdaptation;

/** Runs the job in a worker thread on `workerPath` (a .ts source is loaded through tsx's require hook). */
export function adaptWorkerLauncher(workerPath: string): AdaptLauncher {
  return (spec, onProgress) => {
    const worker = workerPath.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(workerPath)});`, { eval: true, workerData: spec })
      : new Worker(workerPath, { workerData: spec });
    let ended = false;
    const done = new Promise<AdaptOutcome>((resolve, reject) => {
      worker.on('message', (m: AdaptFromWorker) => {
        if (m.type === 'progress') onProgress(m.stage, m.fraction);
        else {
          ended = true;
          if (m.type === 'done') resolve(m.outcome);
          else reject(new CoreError(m.error.code as CoreError['code'], m.error.message));
        }
      });
      worker.on('error', (e) => {
        ended = true;
        reject(new CoreError('INTERNAL', `The adaptation worker failed: ${e.message}`));
      });
      worker.on('exit', (code) => {
        if (!ended) reject(new CoreError('INTERNAL', `The adaptation worker stopped (exit ${code}).`));
      });
    });
    return {
      cancel: () => {
        if (!ended) worker.postMessage({ type: 'cancel' });
      },
      done,
    };
  };
}

/** Runs the job in this thread (tests; hosts that are already a background process). */
export const inProcessAdaptLauncher: AdaptLauncher = (spec, onProgress) => {
  const ac = new AbortController();
  return { cancel: () => ac.abort(), done: runAdaptJob(spec, ac.signal, onProgress) };
};

/** The built worker next to the bundle, else the source through tsx, else this thread. */
export function defaultAdaptLauncher(): AdaptLauncher {
  for (const built of [join(__dirname, 'adapt-worker.js'), join(__dirname, '..', 'adapt-worker.js')]) {
    if (existsSync(built)) return adaptWorkerLauncher(built);
  }
  const source = join(__dirname, '../adapt/worker.ts');
  if (existsSync(source)) return adaptWorkerLauncher(source);
  return inProcessAdaptLauncher;
}

interface Entry {
  job: RunningAdaptation;
  spec: AdaptJobSpec;
  last: AdaptProgress;
  outcome?: AdaptOutcome;
}

/** Adaptation jobs by id; one running per cohort. Finished outcomes are kept (the last few) for saving. */
export class AdaptJobs {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly launch: AdaptLauncher) {}

  start(spec: Omit<AdaptJobSpec, 'jobId'>, onProgress: (p: AdaptProgress) => void): { jobId: string; done: Promise<AdaptProgress> } {
    for (const e of this.jobs.values()) {
      if (e.spec.cohortId === spec.cohortId && e.last.state === 'running') {
        throw new CoreError('BAD_REQUEST', 'An adaptation of this cohort is already running: wait for it or cancel it.');
      }
    }
    const jobId = randomBytes(8).toString('hex');
    const full = { ...spec, jobId };
    const entry: Entry = { job: undefined as unknown as RunningAdaptation, spec: full, last: { jobId, state: 'running', stage: 'Starting', fraction: 0 } };
    entry.job = this.launch(full, (stage, fraction) => {
      if (entry.last.state !== 'running') return;
      entry.last = { jobId, state: 'running', stage, fraction };
      onProgress(entry.last);
    });
    this.jobs.set(jobId, entry);
    this.prune();
    const done = entry.job.done.then(
      (outcome) => {
        entry.outcome = outcome;
        entry.last = { jobId, state: 'done', stage: 'Done', fraction: 1 };
        onProgress(entry.last);
        return entry.last;
      },
      (error: unknown) => {
        const e = toErrorValue(error);
        entry.last = { ...entry.last, state: e.code === 'CANCELLED' ? 'cancelled' : 'failed', error: { code: e.code, message: e.message } };
        onProgress(entry.last);
        return entry.last;
      },
    );
    return { jobId, done };
  }

  private entry(jobId: string): Entry {
    const e = this.jobs.get(jobId);
    if (!e) throw new CoreError('BAD_REQUEST', 'There is no such adaptation (it may have been replaced by a newer one).');
    return e;
  }

  cancel(jobId: string): boolean {
    const e = this.entry(jobId);
    if (e.last.state !== 'running') return false;
    e.job.cancel();
    return true;
  }

  progress(jobId: string): AdaptProgress {
    return this.entry(jobId).last;
  }

  /** The finished job's outcome and spec; BAD_REQUEST while it runs or when it failed. */
  outcome(jobId: string): { outcome: AdaptOutcome; spec: AdaptJobSpec } {
    const e = this.entry(jobId);
    if (!e.outcome) throw new CoreError('BAD_REQUEST', e.last.state === 'running' ? 'The adaptation is still running.' : 'This adaptation did not finish.');
    return { outcome: e.outcome, spec: e.spec };
  }

  /** Keeps the last few finished jobs (outcomes hold embeddings: a site library can be megabytes). */
  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, e]) => e.last.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - 3))) this.jobs.delete(id);
  }
}
