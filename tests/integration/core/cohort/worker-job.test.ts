import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CohortJobs, shardedLauncher, workerLauncher } from '../../../../src-main/core/cohort/jobs';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import type { JobProgress } from '../../../../src-main/core/cohort/types';
import { writeVariedCohort } from './cohort-fixtures';

const root = mkdtempSync(join(tmpdir(), 'cohort-worker-'));
const N = 60;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scoring job in two worker threads (shards)', () => {
  it('pauses (no progress while paused), resumes, and cancels with the committed rows kept', async () => {
    // Enough files and a slow enough stand-in that work is left when the test cancels: the scorer reads up to
    // three batches ahead of the model, so little is left to read after a resume.
    writeVariedCohort(join(root, 'ecgs'), N);
    const dbPath = join(root, 'c.db');
    const setup = CohortStore.open(dbPath);
    const cohortId = setup.createCohort('W', '', 'test').id;
    setup.close();
    process.env.FAKE_MODEL_DELAY_MS = '150';
    const jobs = new CohortJobs(shardedLauncher(workerLauncher(join(__dirname, '../../../../src-main/core/cohort/score-worker.ts')), 2));
    const seen: JobProgress[] = [];
    let resolveRunning: () => void = () => undefined;
    const running = new Promise<void>((r) => (resolveRunning = r));
    const { jobId, done } = jobs.start(
      { dbPath, cohortId, source: { kind: 'folder', path: join(root, 'ecgs') }, modelDir: '', batchSize: 2, modelModule: join(__dirname, 'fake-model.ts') },
      (p) => {
        seen.push(p);
        if (p.state === 'running' && p.scored >= 4) resolveRunning();
      },
    );
    await running;
    expect(() => jobs.start({ dbPath, cohortId, source: { kind: 'files', paths: [] }, modelDir: '' }, () => undefined)).toThrow(/already being scored/);
    jobs.pause(jobId);
    await expect.poll(() => jobs.progress(jobId)?.state, { timeout: 20_000 }).toBe('paused');
    const atPause = jobs.progress(jobId)?.processed;
    await new Promise((r) => setTimeout(r, 800));
    expect(jobs.progress(jobId)?.processed).toBe(atPause);
    jobs.resume(jobId);
    await expect.poll(() => (jobs.progress(jobId)?.processed ?? 0) > (atPause ?? 0), { timeout: 20_000 }).toBe(true);
    jobs.cancel(jobId);
    const end = await done;
    delete process.env.FAKE_MODEL_DELAY_MS;
    expect(end.state).toBe('cancelled');
    expect(end.scored).toBeLessThan(N);
    expect(seen.map((p) => p.state)).toEqual(expect.arrayContaining(['counting', 'running', 'paused', 'cancelled']));
    expect(seen.every((p) => p.jobId === jobId)).toBe(true);
    expect(seen.find((p) => p.total !== null)?.total).toBe(N);
    const store = CohortStore.open(dbPath);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(end.scored);
    store.close();

    // A second run over the same folder (both shards) finishes the rest: every file scored exactly once.
    const second = jobs.start(
      { dbPath, cohortId, source: { kind: 'folder', path: join(root, 'ecgs') }, modelDir: '', batchSize: 4, modelModule: join(__dirname, 'fake-model.ts') },
      () => undefined,
    );
    const rest = await second.done;
    expect(rest).toMatchObject({ state: 'done', total: N, processed: N, skipped: end.scored, scored: N - end.scored });
    const after = CohortStore.open(dbPath);
    expect((after.db.prepare('SELECT COUNT(DISTINCT sha256) AS n FROM predictions').get() as { n: number }).n).toBe(N);
    expect((after.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(N);
    after.close();
  });
});
