/**
 * The adapted pack as saved: it validates (every file's sha256, the same model.onnx as its base), is listed and
 * activated like any pack, and gives the numbers of the adaptation report for the held-out test part: through
 * the built model worker and the command line on real ECG files (the simulated behaviour records, scored for
 * real into the cohort), and over the whole test part from the pack as read back from disk.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdaptOutcome, runAdaptation } from '../../../../src-main/core/adapt/adapt';
import { loadAdaptDataset } from '../../../../src-main/core/adapt/dataset';
import { evaluateHead, headOutputs, patientGroups, uncertaintyPercentiles } from '../../../../src-main/core/adapt/evaluate';
import { type SavedPack, writeAdaptedPack } from '../../../../src-main/core/adapt/pack-writer';
import { importLabelsFile, joinLabels } from '../../../../src-main/core/cohort/labels';
import { runScoreJob } from '../../../../src-main/core/cohort/run-job';
import { ScoringControl } from '../../../../src-main/core/cohort/scorer';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { isCoreError } from '../../../../src-main/core/errors';
import { loadModel } from '../../../../src-main/core/model/model';
import { type PackData, loadPackData } from '../../../../src-main/core/model/pack/load';
import { PackManager } from '../../../../src-main/core/model/pack/manager';
import { headContextOf } from '../../../../src-main/core/model/predictor';
import { setWorkerScript } from '../../../../src-main/core/model/worker-script';
import { loadAdaptFixture, seedAdaptCohort, writeFixtureLabels } from '../../../helpers/adapt-cohort';

const ROOT = join(__dirname, '../../../..');
const PACK = join(ROOT, 'models/reference');
const SIM = join(ROOT, 'tests/fixtures/sim');
const BUILT_WORKER = join(ROOT, 'out/main/preprocess-worker.js');
const CLI = join(ROOT, 'bin/echoing-ecg.cjs');
const run = promisify(execFile);

let dir: string;
let base: PackData;
let outcome: AdaptOutcome;
let saved: SavedPack;
/** The real files of the cohort that landed in the held-out part, by content hash. */
let testFiles: { path: string; sha256: string; row: number }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adapt-pack-'));
  base = await loadPackData(PACK);
  const dbPath = join(dir, 'cohorts.db');
  const ecgs = join(dir, 'ecgs');
  cpSync(SIM, ecgs, { recursive: true, filter: (p) => !p.endsWith('expected.json') });
  const store = CohortStore.open(dbPath);
  const fixture = loadAdaptFixture('noshift');
  const cohortId = seedAdaptCohort(store, fixture, base, { dir, name: 'Site C' });
  store.close();
  // The simulated behaviour records, scored for real (decoding, preprocessing, onnxruntime) into the cohort.
  const end = await runScoreJob({ jobId: 't', dbPath, cohortId, source: { kind: 'folder', path: ecgs }, modelDir: PACK }, new ScoringControl(), () => undefined);
  expect(end.state).toBe('done');
  const expected = JSON.parse(readFileSync(join(SIM, 'expected.json'), 'utf8')) as { records: { record: string; lvef: number; noisyRecord?: string }[] };
  const labels = readFileSync(writeFixtureLabels(fixture, dir), 'utf8').trimEnd().split('\n');
  expected.records.forEach((r, i) => {
    for (const f of [r.record, ...(r.noisyRecord ? [r.noisyRecord] : [])]) labels.push(`${f},SIMB-${i},2024-03-01,${r.lvef},,,`);
  });
  writeFileSync(join(dir, 'labels.csv'), `${labels.join('\n')}\n`);
  const s2 = CohortStore.open(dbPath);
  importLabelsFile(s2, cohortId, join(dir, 'labels.csv'), 'test');
  joinLabels(s2, cohortId);
  const data = loadAdaptDataset(s2, cohortId, { column: 'lvef' });
  const files = s2.db.prepare("SELECT path, sha256 FROM ecg_files WHERE cohort_id = ? AND file_name GLOB 'sim-*'").all(cohortId) as { path: string; sha256: string }[];
  s2.close();
  expect(data.n).toBe(800 + files.length);
  outcome = await runAdaptation({ data, base, options: { target: { column: 'lvef' }, methods: ['recalibrate', 'fewshot', 'knn'], site: 'Site C', learningCurveSizes: [50], learningCurveRepeats: 1, bootstrapIterations: 200 } });
  saved = await writeAdaptedPack(base, outcome, join(dir, 'data', 'models', 'site-c'), 'tests');
  testFiles = files.flatMap((f) => {
    const row = outcome.testPredictions.sha256.indexOf(f.sha256);
    return row >= 0 ? [{ ...f, row }] : [];
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The report's outputs of one head for test row `row`. */
function reported(head: string, row: number): { value: number; interval: [number, number] } {
  const h = outcome.testPredictions.heads.find((x) => x.head === head && x.method !== 'base');
  if (!h) throw new Error(`no head ${head}`);
  return { value: h.values[row] as number, interval: (h.intervals as [number, number][])[row] as [number, number] };
}

describe('the saved adapted pack', () => {
  it('validates: schema 2, every file hashed, the same model.onnx and data files as its base, provenance, clinicalUse inherited', async () => {
    const p = await loadPackData(saved.dir);
    const m = p.manifest;
    expect(m.schemaVersion).toBe(2);
    expect(m.id).toBe('echoingecg-reference-sim-site-c');
    for (const f of base.manifest.files) expect(m.files.find((g) => g.path === f.path)?.sha256).toBe(f.sha256);
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['site-library.json', 'site-library.bin']));
    expect(m.clinicalUse).toBe(base.manifest.clinicalUse);
    expect(m.heads.map((h) => h.id)).toEqual(['lvef-prompt-site', 'lvef-knn-site', 'site-fewshot-lvef', 'site-knn-lvef', 'lvef-lt-40']);
    // Every adapted LVEF head states LVEF's physical range (a linear map or ridge head can extrapolate past it).
    for (const h of m.heads.slice(0, 4)) expect(h.kind !== 'logistic' && h.plausibleRange, h.id).toEqual([0, 100]);
    const a = m.adaptation;
    expect(a?.basePack).toMatchObject({ id: base.manifest.id, version: base.manifest.version });
    expect(a?.basePack.files).toEqual(base.manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })));
    expect(a?.cohort).toMatchObject({ name: 'Site C', ecgs: outcome.report.counts.used, labelsDigest: outcome.labelsDigest });
    expect(a?.methods.map((x) => x.method)).toEqual(['recalibrate', 'recalibrate', 'fewshot', 'knn']);
    expect(a?.split).toMatchObject({ by: 'patient', testFraction: 0.3 });
    expect((a?.validation as { adapted: unknown[] }).adapted).toHaveLength(4);
    // No identifiers in the pack: the site library names ECGs by content hash only.
    const lib = readFileSync(join(saved.dir, 'site-library.json'), 'utf8');
    expect(lib).not.toMatch(/SIM-\d|SIMB-|\.hea|2024-03-01/);
    expect(readFileSync(join(saved.dir, 'manifest.json'), 'utf8')).not.toMatch(/SIMB-|SIM-\d{5}/);
    // A changed file is refused.
    const copy = join(dir, 'tampered');
    cpSync(saved.dir, copy, { recursive: true });
    const bin = readFileSync(join(copy, 'site-library.bin'));
    bin[100] = (bin[100] as number) ^ 1;
    writeFileSync(join(copy, 'site-library.bin'), bin);
    expect(isCoreError(await loadPackData(copy).catch((e: unknown) => e), 'PACK_HASH_MISMATCH')).toBe(true);
  });

  it('is listed with its origin and can be made active', async () => {
    const mgr = new PackManager({ bundledModelsDir: join(ROOT, 'models'), dataDir: join(dir, 'data') });
    const listed = (await mgr.list()).find((p) => p.id === saved.manifest.id);
    expect(listed?.source).toBe('user');
    expect(listed?.adaptedFrom).toMatchObject({ id: base.manifest.id, version: base.manifest.version, site: 'Site C' });
    const active = await mgr.activate(saved.manifest.id);
    expect(active.active).toBe(true);
    expect((await mgr.model()).summary.adaptedFrom?.site).toBe('Site C');
    await mgr.dispose();
  });

  it('gives the report numbers over the whole test part when read back from disk', async () => {
    const p = await loadPackData(saved.dir);
    const store = CohortStore.open(join(dir, 'cohorts.db'));
    const data = loadAdaptDataset(store, 1, { column: 'lvef' });
    store.close();
    const rows = Int32Array.from(outcome.testPredictions.sha256, (s) => data.sha256.indexOf(s));
    const adapted = p.manifest.heads.filter((h) => outcome.report.adapted.some((e) => e.head === h.id));
    const outs = await headOutputs(data, rows, adapted.map((spec) => ({ spec, method: 'fewshot' as const })), p.manifest, headContextOf(p), true);
    const y = Float64Array.from(rows, (i) => data.y[i] as number);
    const pct = uncertaintyPercentiles(data, rows, p.manifest);
    for (const o of outs) {
      const want = outcome.report.adapted.find((e) => e.head === o.spec.id);
      const got = evaluateHead({ ...o, method: want?.method ?? 'fewshot' }, y, false, pct, p.manifest.uncertainty.splitPercentile, patientGroups(data, rows), { level: 0.9, bootstrap: 200, seed: outcome.report.split.seed });
      expect(got.continuous).toEqual(want?.continuous);
      expect(got.uncertaintySplit).toEqual(want?.uncertaintySplit);
    }
  });

  it.runIf(existsSync(BUILT_WORKER))('predicts the held-out real ECGs through the built model worker with the report numbers', async () => {
    expect(testFiles.length).toBeGreaterThan(2);
    setWorkerScript(BUILT_WORKER);
    let model;
    try {
      model = await loadModel(saved.dir, { executionProvider: 'cpu', threads: 1 });
    } finally {
      setWorkerScript(undefined);
    }
    try {
      const records = await Promise.all(testFiles.map((f) => readEcgFile(f.path)));
      const results = await model.predictBatch(records);
      results.forEach((r, k) => {
        const f = testFiles[k] as (typeof testFiles)[number];
        expect(r.model.adaptedFrom?.id).toBe(base.manifest.id);
        expect(r.similarSiteEcgs?.length).toBe(5);
        for (const p of r.predictions) {
          if (p.head === 'lvef-lt-40') continue;
          const want = reported(p.head, f.row);
          expect(p.value, `${p.head} ${f.path}`).toBeCloseTo(want.value, 6);
          expect(p.interval[0]).toBeCloseTo(want.interval[0], 6);
          expect(p.interval[1]).toBeCloseTo(want.interval[1], 6);
        }
      });
    } finally {
      await model.dispose();
    }
  });

  it.runIf(existsSync(BUILT_WORKER))('an adapted head that extrapolates past its plausible range: refused per ECG (IMPLAUSIBLE_OUTPUT), never stored', async () => {
    // The same pack with its few-shot LVEF head shifted by +500 points (the manifest is not in its own file list).
    const bad = join(dir, 'extrapolating');
    cpSync(saved.dir, bad, { recursive: true });
    const m = JSON.parse(readFileSync(join(bad, 'manifest.json'), 'utf8')) as { heads: { id: string; bias?: number }[] };
    const head = m.heads.find((h) => h.id === 'site-fewshot-lvef') as { bias: number };
    head.bias += 500;
    writeFileSync(join(bad, 'manifest.json'), JSON.stringify(m));
    setWorkerScript(BUILT_WORKER);
    let model;
    try {
      model = await loadModel(bad, { executionProvider: 'cpu', threads: 1 });
    } finally {
      setWorkerScript(undefined);
    }
    try {
      const outcomes = await model.predictSettled(await Promise.all(testFiles.slice(0, 2).map((f) => readEcgFile(f.path))));
      for (const o of outcomes) {
        expect(o.ok).toBe(false);
        if (!o.ok) expect(o.error).toMatchObject({ code: 'IMPLAUSIBLE_OUTPUT', message: expect.stringContaining('outside the values the measurement can take (0 to 100 %)') });
      }
    } finally {
      await model.dispose();
    }
    // Batch scoring records the failure per ECG and stores no prediction.
    const dbPath = join(dir, 'extrapolating.db');
    const store = CohortStore.open(dbPath);
    const cohortId = store.createCohort('bad head', '', 'test').id;
    store.close();
    const one = join(dir, 'one-ecg');
    cpSync(join(SIM, 'sim-0000.hea'), join(one, 'sim-0000.hea'));
    cpSync(join(SIM, 'sim-0000.dat'), join(one, 'sim-0000.dat'));
    const end = await runScoreJob({ jobId: 'x', dbPath, cohortId, source: { kind: 'folder', path: one }, modelDir: bad }, new ScoringControl(), () => undefined);
    expect(end).toMatchObject({ state: 'done', scored: 0, failed: 1 });
    const s2 = CohortStore.open(dbPath);
    expect((s2.db.prepare('SELECT code FROM scoring_errors').all() as { code: string }[]).map((r) => r.code)).toEqual(['IMPLAUSIBLE_OUTPUT']);
    expect((s2.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(0);
    s2.close();
  });

  it.runIf(existsSync(CLI) && existsSync(join(ROOT, 'out/main/cli.js')))('predicts them through the command line with the report numbers', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'predict', '--json', '--model', saved.dir, ...testFiles.map((f) => f.path)], { maxBuffer: 64 * 1024 * 1024 });
    const out = JSON.parse(stdout) as { path: string; model: { adaptedFrom?: { site: string } }; predictions: { head: string; value?: number; interval: [number, number] }[] }[];
    expect(out).toHaveLength(testFiles.length);
    out.forEach((r, k) => {
      const f = testFiles[k] as (typeof testFiles)[number];
      expect(r.model.adaptedFrom?.site).toBe('Site C');
      for (const p of r.predictions.filter((x) => x.head !== 'lvef-lt-40')) {
        const want = reported(p.head, f.row);
        // The CLI prints 6 significant digits.
        expect(Math.abs((p.value as number) - want.value)).toBeLessThan(1e-5 * Math.abs(want.value) + 1e-9);
        expect(Math.abs(p.interval[1] - want.interval[1])).toBeLessThan(1e-5 * Math.abs(want.interval[1]) + 1e-9);
      }
    });
  });
});

