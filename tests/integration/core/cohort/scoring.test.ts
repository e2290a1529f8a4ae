import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { runScoring, ScoringControl } from '../../../../src-main/core/cohort/scorer';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import type { JobProgress } from '../../../../src-main/core/cohort/types';
import { writeVariedCohort } from './cohort-fixtures';
import { fakeModel } from './fake-model';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cohort-score-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const count = (store: CohortStore, sql: string) => (store.db.prepare(sql).get() as { n: number }).n;

function corruptFiles(folder: string): void {
  mkdirSync(join(folder, 'junk'), { recursive: true });
  writeFileSync(join(folder, 'junk', 'empty.dcm'), new Uint8Array(0));
  writeFileSync(join(folder, 'junk', 'notes.xml'), '<html><body>not an ECG</body></html>');
  const dicomHead = Buffer.alloc(300);
  dicomHead.write('DICM', 128);
  writeFileSync(join(folder, 'junk', 'truncated.dcm'), dicomHead);
}

describe('batch scoring', () => {
  it('reads the next batch while one is scored, commits in order, and scores copies in adjacent batches once', async () => {
    const root = tmp();
    const folder = join(root, 'ecgs');
    const f = writeVariedCohort(folder, 9);
    // In this order with batches of two: the copy of f0 is read while f0's batch is still being scored, the
    // copy of f3 in the same batch as f3, the copy of f1 after f1 was committed.
    const copy = (i: number): string => {
      const p = join(folder, `copy-of-${i}.dcm`);
      copyFileSync(f[i] as string, p);
      return p;
    };
    const order = [f[0], f[1], copy(0), f[2], f[3], copy(3), f[4], f[5], copy(1), f[6], f[7], f[8]] as string[];
    const store = CohortStore.open(join(root, 'c.db'));
    const cohort = store.createCohort('T', '', 'test');
    const base = fakeModel('1.0.0', 40);
    let running = 0;
    let overlapped = false;
    const commits: number[] = [];
    const commitBatch = store.commitBatch.bind(store);
    store.commitBatch = (...args: Parameters<CohortStore['commitBatch']>) => {
      commits.push(args[3].filter((i) => i.kind === 'scored').length);
      return commitBatch(...args);
    };
    const model = {
      ...base,
      predictBatch: async (records: Parameters<typeof base.predictBatch>[0]) => {
        running += 1;
        if (running > 1) overlapped = true;
        try {
          return await base.predictBatch(records);
        } finally {
          running -= 1;
        }
      },
    };
    const end = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'files', paths: order }, model, readEcg: (p) => readEcgFile(p), jobId: 'p', batchSize: 2, progressEveryMs: 0,
    });
    expect(end).toMatchObject({ state: 'done', total: 12, scored: 9, skipped: 3, failed: 0 });
    // A batch was scored while the next one was already on its way.
    expect(overlapped).toBe(true);
    expect(commits.reduce((x, y) => x + y, 0)).toBe(9);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(9);
    // Files are keyed by content: the copies are the same two cohort members, not new ones.
    expect(store.summary(cohort.id)).toMatchObject({ files: 9, scored: 9 });
    store.close();
  });

  it('scores a folder, records corrupt files with their code, and a re-run skips everything', async () => {
    const root = tmp();
    const folder = join(root, 'ecgs');
    writeVariedCohort(folder, 12);
    corruptFiles(folder);
    const store = CohortStore.open(join(root, 'c.db'));
    const cohort = store.createCohort('T', '', 'test');
    const reports: JobProgress[] = [];
    const first = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p),
      jobId: 'j1', batchSize: 5, onProgress: (p) => reports.push(p), progressEveryMs: 0,
    });
    expect(first.state).toBe('done');
    expect(first.total).toBe(15);
    expect(first.scored).toBe(12);
    expect(first.failed).toBe(3);
    expect(reports[0]?.state).toBe('counting');
    expect(reports.some((r) => r.state === 'running' && r.etaSeconds !== null)).toBe(true);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(12);
    expect(count(store, 'SELECT COUNT(*) AS n FROM prediction_heads')).toBe(24);
    const errors = store.db.prepare('SELECT file_name, error_code FROM ecg_files WHERE error_code IS NOT NULL ORDER BY file_name').all() as {
      file_name: string; error_code: string;
    }[];
    expect(errors.map((e) => e.file_name)).toEqual(['empty.dcm', 'notes.xml', 'truncated.dcm']);
    for (const e of errors) expect(['NOT_AN_ECG', 'TRUNCATED', 'CORRUPT']).toContain(e.error_code);
    const meta = store.db.prepare("SELECT format, sample_rate_hz, leads FROM ecg_files WHERE error_code IS NULL LIMIT 1").get() as {
      format: string; sample_rate_hz: number; leads: string;
    };
    expect(meta.format).toBe('dicom');
    expect(meta.leads.split(' ')).toContain('V6');

    const second = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'j2',
    });
    expect(second).toMatchObject({ scored: 0, failed: 0, skipped: 15 });
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(12);

    // A new model version scores everything again, alongside the old results.
    const third = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel('2.0.0'), readEcg: (p) => readEcgFile(p), jobId: 'j3',
    });
    expect(third.scored).toBe(12);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(24);
    expect(store.summary(cohort.id)).toMatchObject({ files: 15, scored: 12, failed: 3, modelVersion: '2.0.0' });
    store.close();
  });

  it('pauses, resumes and cancels between files, keeping what was committed', async () => {
    const root = tmp();
    const folder = join(root, 'ecgs');
    writeVariedCohort(folder, 20);
    const store = CohortStore.open(join(root, 'c.db'));
    const cohort = store.createCohort('T', '', 'test');
    const control = new ScoringControl();
    const states: string[] = [];
    let paused = false;
    const run = runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel('1.0.0', 5),
      readEcg: (p) => readEcgFile(p), jobId: 'j', batchSize: 2, control, progressEveryMs: 0,
      onProgress: (p) => {
        states.push(p.state);
        if (p.state === 'running' && p.scored >= 4 && !paused) {
          paused = true;
          control.pause();
          setTimeout(() => control.resume(), 50);
        }
        if (p.state === 'running' && p.scored >= 10) control.cancel();
      },
    });
    const end = await run;
    expect(states).toContain('paused');
    expect(end.state).toBe('cancelled');
    expect(end.scored).toBeGreaterThanOrEqual(10);
    expect(end.scored).toBeLessThan(20);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(end.scored);
    store.close();
  });

  it('survives a SIGKILL mid-batch: a re-run scores every file exactly once', async () => {
    const root = tmp();
    const folder = join(root, 'ecgs');
    const n = 60;
    writeVariedCohort(folder, n);
    corruptFiles(folder);
    const dbPath = join(root, 'c.db');
    const setup = CohortStore.open(dbPath);
    const cohortId = setup.createCohort('Crash', '', 'test').id;
    setup.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'score-child.ts'), dbPath, folder, String(cohortId)], {
      env: { ...process.env, FAKE_MODEL_DELAY_MS: '40', BATCH: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = [...buf.matchAll(/running \d+ (\d+)/g)].pop();
        if (m && Number(m[1]) >= 12) {
          child.kill('SIGKILL');
          resolve(Number(m[1]));
        }
      });
      child.on('exit', (code) => reject(new Error(`child ended before the kill (code ${code}): ${stderr}`)));
    });
    await new Promise((r) => child.on('close', r));
    expect(child.signalCode).toBe('SIGKILL');

    const store = CohortStore.open(dbPath);
    const afterKill = count(store, 'SELECT COUNT(*) AS n FROM predictions');
    expect(afterKill).toBeGreaterThanOrEqual(killedAt);
    expect(afterKill).toBeLessThan(n);
    const end = await runScoring({
      store, cohortId, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'rerun',
    });
    expect(end.state).toBe('done');
    expect(end.scored + afterKill).toBe(n);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(n);
    expect(count(store, 'SELECT COUNT(DISTINCT sha256) AS n FROM predictions')).toBe(n);
    expect(count(store, 'SELECT COUNT(*) AS n FROM ecg_files')).toBe(n + 3);
    expect(count(store, 'SELECT COUNT(*) AS n FROM ecg_files WHERE error_code IS NOT NULL')).toBe(3);
    const dup = store.db.prepare('SELECT prediction_id, COUNT(*) AS n FROM prediction_heads GROUP BY prediction_id HAVING n != 2').all();
    expect(dup).toEqual([]);
    expect(store.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    store.close();
  });
});
