/**
 * Cohort scoring end to end: a folder of N ECGs (copies of the fixture files, varied so every content hash
 * differs) read, hashed, decoded, scored with the reference pack and committed to a fresh cohort database.
 * Reports ECGs/s, the process's peak memory as the cohort grows (it should stay flat: the scorer streams),
 * the database size, and the speed of a re-run (everything skipped by content hash).
 *
 * Then the same folder again through the stand-in engine of the tests (no network, outputs a fixed function of
 * the samples) into a second database: the cohort pipeline's own cost (walk, hash, decode, commit) and its
 * memory over the whole cohort, apart from the model's.
 *
 * BENCH_COHORT_WORKERS (default 1, as the app): scoring worker threads.
 * BENCH_COHORT_N (default 10000): cohort size. BENCH_COHORT_BUDGET_S (default 60, per pass): scoring stops
 * (cancel, committed work kept) after this many seconds so `npm run bench` stays short; 0 runs to the end.
 * Run alone: `node scripts/bench.mjs cohort` or `BENCH_COHORT_BUDGET_S=0 npx tsx bench/cohort.bench.ts`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CohortJobs, shardedLauncher, workerLauncher } from '../src-main/core/cohort/jobs';
import { runScoring, ScoringControl } from '../src-main/core/cohort/scorer';
import { CohortStore } from '../src-main/core/cohort/store';
import type { JobProgress } from '../src-main/core/cohort/types';
import { readEcgFile } from '../src-main/core/ecg/read-file';
import { loadModel } from '../src-main/core/model/index';
import type { EchoingModel } from '../src-main/core/model/types';
import { variableFixtures, writeVariedCohort } from '../tests/integration/core/cohort/cohort-fixtures';
import { fakeModel } from '../tests/integration/core/cohort/fake-model';

const N = Number(process.env.BENCH_COHORT_N ?? 10_000);
const BUDGET_S = Number(process.env.BENCH_COHORT_BUDGET_S ?? 60);
const BATCH = Number(process.env.BENCH_COHORT_BATCH ?? 16);
const SHARDS = Number(process.env.BENCH_COHORT_WORKERS ?? 1);
const CHECKPOINTS = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000].filter((c) => c <= N);
const MB = 1024 * 1024;

function dirBytes(dir: string, prefix: string): number {
  return readdirSync(dir).filter((f) => f.startsWith(prefix)).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

interface MemoryPoint {
  at: number;
  rssMb: number;
  peakMb: number;
  heapMb: number;
}

/** One scoring pass over the folder into a fresh database, with memory sampled at the checkpoints. */
async function scorePass(root: string, dbName: string, model: EchoingModel) {
  const store = CohortStore.open(join(root, dbName));
  const cohortId = store.createCohort('bench', '', 'bench').id;
  const control = new ScoringControl();
  const memory: MemoryPoint[] = [];
  let next = 0;
  const t0 = performance.now();
  const onProgress = (p: JobProgress) => {
    while (next < CHECKPOINTS.length && p.processed >= (CHECKPOINTS[next] as number)) {
      const m = process.memoryUsage();
      memory.push({ at: CHECKPOINTS[next] as number, rssMb: m.rss / MB, peakMb: process.resourceUsage().maxRSS / 1024, heapMb: m.heapUsed / MB });
      next += 1;
    }
    if (BUDGET_S > 0 && (performance.now() - t0) / 1000 > BUDGET_S) control.cancel();
  };
  const end = await runScoring({
    store, cohortId, source: { kind: 'folder', path: join(root, 'ecgs') }, model, readEcg: (p) => readEcgFile(p),
    jobId: dbName, control, batchSize: BATCH, onProgress, progressEveryMs: 0,
  });
  const seconds = (performance.now() - t0) / 1000;
  await model.dispose();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return { end, cohortId, memory, rate: (end.scored + end.failed) / seconds, dbMb: dirBytes(root, dbName) / MB };
}

/**
 * The built scoring worker (`npm run build`, which `npm ci` runs): the app's thread layout, where the worker
 * reads and commits while the preprocessing pool and the model host (network and heads) run on threads of
 * their own. From sources (tsx) those run inside the scoring thread, which is what tests use, not the app.
 */
const BUILT_WORKER = join(__dirname, '../out/main/cohort-worker.js');
const WORKER = existsSync(BUILT_WORKER) ? BUILT_WORKER : join(__dirname, '../src-main/core/cohort/score-worker.ts');

/**
 * The app's own path: a CohortJobs import on worker threads (the built cohort worker; from sources when
 * unbuilt), split over `shards` workers, with the reference pack. Memory is the whole process's (the workers
 * live in it).
 */
async function appPass(root: string, dbName: string, shards: number) {
  const setup = CohortStore.open(join(root, dbName));
  const cohortId = setup.createCohort('bench', '', 'bench').id;
  setup.close();
  const jobs = new CohortJobs(shardedLauncher(workerLauncher(WORKER), shards));
  const memory: MemoryPoint[] = [];
  let next = 0;
  let jobId = '';
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const started = jobs.start(
    { dbPath: join(root, dbName), cohortId, source: { kind: 'folder', path: join(root, 'ecgs') }, modelDir: join(__dirname, '../models/reference'), batchSize: BATCH },
    (p) => {
      while (next < CHECKPOINTS.length && p.processed >= (CHECKPOINTS[next] as number)) {
        const m = process.memoryUsage();
        memory.push({ at: CHECKPOINTS[next] as number, rssMb: m.rss / MB, peakMb: process.resourceUsage().maxRSS / 1024, heapMb: m.heapUsed / MB });
        next += 1;
      }
      if (BUDGET_S > 0 && (performance.now() - t0) / 1000 > BUDGET_S && jobId) jobs.cancel(jobId);
    },
  );
  jobId = started.jobId;
  const end = await started.done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const store = CohortStore.open(join(root, dbName));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return { end, cohortId, memory, rate: (end.scored + end.failed) / seconds, dbMb: dirBytes(root, dbName) / MB, cpuMsPerEcg: (cpuS * 1000) / Math.max(1, end.scored + end.failed) };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
  try {
    // Readable 12-lead fixtures up to 300 KB (DICOM and XML: their bytes can be varied safely).
    const sources = variableFixtures(['.dcm', '.xml']).filter((p) => statSync(p).size <= 300_000 && statSync(p).size > 10_000);
    const g0 = performance.now();
    writeVariedCohort(join(root, 'ecgs'), N, sources);
    const genS = (performance.now() - g0) / 1000;
    const folderMb = readdirSync(join(root, 'ecgs')).reduce((n, d) => n + dirBytes(join(root, 'ecgs', d), ''), 0) / MB;

    const real = await appPass(root, 'reference.db', SHARDS);
    const end = real.end;
    const work = end.scored + end.failed;
    const rate = real.rate;
    const memory = real.memory;
    const dbMb = real.dbMb;
    const store = CohortStore.open(join(root, 'reference.db'));
    const cohort = { id: real.cohortId };
    // Re-run over the same folder: every file already done, only hashed and skipped (stop at the budget too).
    const rerunControl = new ScoringControl();
    const rerunModel = await loadModel(join(__dirname, '../models/reference'));
    const r0 = performance.now();
    const rerun = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: join(root, 'ecgs') }, readEcg: (p) => readEcgFile(p), jobId: 'rerun',
      model: rerunModel, control: rerunControl, batchSize: BATCH, progressEveryMs: 0,
      onProgress: (p) => {
        if (p.processed >= work) rerunControl.cancel();
      },
    });
    const rerunS = (performance.now() - r0) / 1000;
    await rerunModel.dispose();
    store.close();
    const fake = await scorePass(root, 'stand-in.db', fakeModel());

    const lines = [
      `Cohort of ${N} ECGs (${sources.length} fixture files varied, ${folderMb.toFixed(0)} MB, written in ${genS.toFixed(1)} s), reference pack on ${SHARDS} scoring worker thread(s) (${WORKER === BUILT_WORKER ? "the app's built worker" : 'from sources: UNBUILT, not the app\'s thread layout'}), batch ${BATCH}, ${cpus().length} CPU cores, load average ${loadavg()[0]?.toFixed(1)} at the end.`,
      BUDGET_S > 0 && end.state === 'cancelled' ? `Stopped at the ${BUDGET_S} s budget after ${end.processed} files (BENCH_COHORT_BUDGET_S=0 scores all).` : `All ${end.processed} files processed.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| ECGs scored (+ unreadable) | ${end.scored} (+ ${end.failed}) |`,
      `| end-to-end ECGs/s (read, hash, decode, predict, commit) | ${rate.toFixed(1)} |`,
      `| target > 50 ECGs/s on two cores | ${rate > 50 ? 'met' : 'NOT met'} |`,
      `| CPU time per ECG, all threads (load-independent; two idle cores cap the rate at 2000 / this) | ${real.cpuMsPerEcg.toFixed(1)} ms |`,
      `| database size (after checkpoint) | ${dbMb.toFixed(2)} MB (${((dbMb * 1024) / Math.max(1, end.processed)).toFixed(1)} KB per ECG) |`,
      `| re-run (all skipped by content hash) | ${(rerun.skipped / rerunS).toFixed(0)} files/s (${rerun.skipped} skipped, ${rerun.scored} scored) |`,
      '',
      '| files processed | RSS (MB) | peak RSS so far (MB) | JS heap used (MB) |',
      '| --- | --- | --- | --- |',
      ...memory.map((m) => `| ${m.at} | ${m.rssMb.toFixed(0)} | ${m.peakMb.toFixed(0)} | ${m.heapMb.toFixed(0)} |`),
      '',
      `Cohort pipeline alone (stand-in engine, no network): ${fake.end.processed} files ${fake.end.state === 'done' ? '(all)' : `(stopped at the ${BUDGET_S} s budget)`}, ` +
        `${fake.rate.toFixed(1)} ECGs/s (read, hash, decode, commit), database ${fake.dbMb.toFixed(2)} MB.`,
      '',
      '| files processed | RSS (MB) | peak RSS so far (MB) | JS heap used (MB) |',
      '| --- | --- | --- | --- |',
      ...fake.memory.map((m) => `| ${m.at} | ${m.rssMb.toFixed(0)} | ${m.peakMb.toFixed(0)} | ${m.heapMb.toFixed(0)} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
