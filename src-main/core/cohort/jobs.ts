import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { CoreError } from '../errors';
import type { FromWorker, ScoreJobSpec, ToWorker } from './job-protocol';
import { failedProgress, runScoreJob } from './run-job';
import { ScoringControl } from './scorer';
import type { JobProgress } from './types';

/** A job in flight, whatever runs it. */
export interface RunningJob {
  pause(): void;
  resume(): void;
  cancel(): void;
  readonly done: Promise<JobProgress>;
}

/** Starts a scoring job somewhere (a worker thread in the app, the current thread in some tests). */
export type JobLauncher = (spec: ScoreJobSpec, onProgress: (p: JobProgress) => void) => RunningJob;

/**
 * Runs jobs in a worker thread on the built entry (out/main/cohort-worker.js). A .ts entry (development and
 * tests) is loaded through tsx's require hook, which a worker only picks up when registered inside it.
 */
export function workerLauncher(workerPath: string, execArgv: string[] = []): JobLauncher {
  return (spec, onProgress) => {
    const worker = workerPath.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(workerPath)});`, { eval: true, workerData: spec, execArgv })
      : new Worker(workerPath, { workerData: spec, execArgv });
    let last: JobProgress | undefined;
    let ended = false;
    const done = new Promise<JobProgress>((resolve) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'progress') {
          last = m.progress;
          onProgress(m.progress);
        } else if (m.type === 'end') {
          ended = true;
          resolve(m.progress);
        }
      });
      worker.on('error', (error) => {
        ended = true;
        resolve(failedProgress(spec, error, last));
      });
      worker.on('exit', (code) => {
        if (!ended) resolve(failedProgress(spec, new CoreError('INTERNAL', `The scoring worker stopped (exit ${code}).`), last));
      });
    });
    const send = (m: ToWorker) => {
      if (!ended) worker.postMessage(m);
    };
    return { pause: () => send({ type: 'pause' }), resume: () => send({ type: 'resume' }), cancel: () => send({ type: 'cancel' }), done };
  };
}

/** Runs jobs on the current thread (tests, and hosts that already are a background process). */
export const inProcessLauncher: JobLauncher = (spec, onProgress) => {
  const control = new ScoringControl();
  let last: JobProgress | undefined;
  const done = runScoreJob(spec, control, (p) => {
    last = p;
    onProgress(p);
  }).catch((error: unknown) => failedProgress(spec, error, last));
  return { pause: () => control.pause(), resume: () => control.resume(), cancel: () => control.cancel(), done };
};

/** One report for several shards of a job: counts add up, the slowest shard sets the ETA and elapsed time. */
export function combineProgress(jobId: string, parts: JobProgress[]): JobProgress {
  const final = (p: JobProgress) => p.state === 'done' || p.state === 'cancelled' || p.state === 'failed';
  const states = parts.map((p) => p.state);
  let state: JobProgress['state'];
  if (parts.every(final)) state = states.includes('failed') ? 'failed' : states.includes('cancelled') ? 'cancelled' : 'done';
  else if (states.includes('counting')) state = 'counting';
  else if (parts.filter((p) => !final(p)).every((p) => p.state === 'paused')) state = 'paused';
  else state = 'running';
  const sum = (k: 'processed' | 'scored' | 'skipped' | 'failed' | 'filesPerSecond') => parts.reduce((n, p) => n + p[k], 0);
  const etas = parts.map((p) => p.etaSeconds);
  const first = parts[0] as JobProgress;
  const out: JobProgress = {
    jobId, cohortId: first.cohortId, state,
    total: parts.some((p) => p.total === null) ? null : parts.reduce((n, p) => n + (p.total ?? 0), 0),
    processed: sum('processed'), scored: sum('scored'), skipped: sum('skipped'), failed: sum('failed'),
    filesPerSecond: sum('filesPerSecond'),
    etaSeconds: etas.some((e) => e === null) ? null : Math.max(...(etas as number[])),
    elapsedS: Math.max(...parts.map((p) => p.elapsedS)),
  };
  const error = parts.find((p) => p.error)?.error;
  if (error) out.error = error;
  return out;
}

/**
 * Splits each job over `count` scorers (each takes every count-th file of the source), so decoding and the
 * model's per-record work use every core; progress, pause, resume and cancel act on them as one job.
 */
export function shardedLauncher(base: JobLauncher, count: number): JobLauncher {
  if (count <= 1) return base;
  return (spec, onProgress) => {
    const last: (JobProgress | undefined)[] = new Array(count).fill(undefined);
    const report = () => {
      if (last.every((p) => p !== undefined)) onProgress(combineProgress(spec.jobId, last as JobProgress[]));
    };
    const jobs = Array.from({ length: count }, (_, index) =>
      base({ ...spec, jobId: `${spec.jobId}.${index}`, shard: { index, count } }, (p) => {
        last[index] = p;
        report();
      }),
    );
    const done = Promise.all(jobs.map((j) => j.done)).then((parts) => combineProgress(spec.jobId, parts));
    return {
      pause: () => jobs.forEach((j) => j.pause()),
      resume: () => jobs.forEach((j) => j.resume()),
      cancel: () => jobs.forEach((j) => j.cancel()),
      done,
    };
  };
}

interface JobEntry {
  job: RunningJob;
  cohortId: number;
  last: JobProgress | null;
}

/** The app's scoring jobs by id: start, pause, resume, cancel, and the last progress of each. */
export class CohortJobs {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly launch: JobLauncher) {}

  /** Starts a job; `onEnd` runs after the job's own end (labels join and the like) and may amend the last report. */
  start(
    spec: Omit<ScoreJobSpec, 'jobId'>,
    onProgress: (p: JobProgress) => void,
    onEnd?: (p: JobProgress) => JobProgress,
  ): { jobId: string; done: Promise<JobProgress> } {
    for (const e of this.jobs.values()) {
      if (e.cohortId === spec.cohortId && !isFinal(e.last)) {
        throw new CoreError('BAD_REQUEST', 'This cohort is already being scored: pause or cancel that import first.');
      }
    }
    const jobId = randomBytes(8).toString('hex');
    const entry: JobEntry = { job: undefined as unknown as RunningJob, cohortId: spec.cohortId, last: null };
    entry.job = this.launch({ ...spec, jobId }, (p) => {
      entry.last = p;
      onProgress(p);
    });
    this.jobs.set(jobId, entry);
    const done = entry.job.done.then((p) => {
      let final: JobProgress;
      try {
        final = onEnd ? onEnd(p) : p;
      } catch (error) {
        final = failedProgress({ ...spec, jobId }, error, p);
      }
      entry.last = final;
      onProgress(final);
      return final;
    });
    return { jobId, done };
  }

  private entry(jobId: string): JobEntry {
    const e = this.jobs.get(jobId);
    if (!e) throw new CoreError('BAD_REQUEST', 'There is no such import running.');
    return e;
  }

  pause(jobId: string): void {
    this.entry(jobId).job.pause();
  }
  resume(jobId: string): void {
    this.entry(jobId).job.resume();
  }
  cancel(jobId: string): void {
    this.entry(jobId).job.cancel();
  }
  progress(jobId: string): JobProgress | null {
    return this.entry(jobId).last;
  }
  /** Jobs of a cohort with their last report (the screen re-attaches to a running import). */
  list(cohortId?: number): JobProgress[] {
    return [...this.jobs.values()].filter((e) => cohortId === undefined || e.cohortId === cohortId).flatMap((e) => (e.last ? [e.last] : []));
  }
}

function isFinal(p: JobProgress | null): boolean {
  return p !== null && (p.state === 'done' || p.state === 'cancelled' || p.state === 'failed');
}
