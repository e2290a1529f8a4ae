import { randomBytes } from 'node:crypto';
import type { RetrieveOutcome } from './retrieve';
import type { RetrieveProgress } from './types';

interface Job {
  controller: AbortController;
  progress: RetrieveProgress;
  outcome?: RetrieveOutcome;
  done: Promise<RetrieveOutcome>;
}

/** Finished jobs kept for 'pacs:job' (a screen re-attaching, a cohort import reading the files). */
const KEEP_FINISHED = 50;

/** Running and recent retrieves, by id: start, progress, cancel. */
export class RetrieveJobs {
  private readonly jobs = new Map<string, Job>();

  start(
    run: (jobId: string, signal: AbortSignal, onProgress: (p: RetrieveProgress) => void) => Promise<RetrieveOutcome>,
    onProgress: (p: RetrieveProgress) => void,
  ): { jobId: string; done: Promise<RetrieveOutcome> } {
    const jobId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    const job = { controller } as Job;
    job.done = run(jobId, controller.signal, (p) => {
      job.progress = p;
      onProgress(p);
    }).then((outcome) => {
      job.outcome = outcome;
      job.progress = outcome.progress;
      this.prune();
      return outcome;
    });
    this.jobs.set(jobId, job);
    return { jobId, done: job.done };
  }

  progress(jobId: string): RetrieveProgress | null {
    return this.jobs.get(jobId)?.progress ?? null;
  }

  outcome(jobId: string): RetrieveOutcome | undefined {
    return this.jobs.get(jobId)?.outcome;
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.controller.abort();
  }

  /** Cancels every running job and waits for them (closing the app, ending a test). */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.outcome !== undefined);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
