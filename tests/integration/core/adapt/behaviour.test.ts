/**
 * Site adaptation on simulated cohorts scored by the bundled pack (tests/fixtures/adapt, see
 * scripts/make-adapt-fixtures.mjs): a site whose echo lab reads LVEF 7 points lower, with more reduced EF, and a
 * site without a shift; two ECGs per patient. The adapted heads must beat the base pack on the held-out
 * patients where there is a shift, and not be worse beyond noise where there is none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdaptOutcome, runAdaptation } from '../../../../src-main/core/adapt/adapt';
import { adaptTargets, loadAdaptDataset } from '../../../../src-main/core/adapt/dataset';
import type { AdaptOptions, HeadEvaluation } from '../../../../src-main/core/adapt/types';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { isCoreError } from '../../../../src-main/core/errors';
import { type PackData, loadPackData } from '../../../../src-main/core/model/pack/load';
import { type AdaptFixture, loadAdaptFixture, seedAdaptCohort } from '../../../helpers/adapt-cohort';

const PACK = join(__dirname, '../../../../models/reference');
const ALL: AdaptOptions['methods'] = ['recalibrate', 'fewshot', 'knn'];

let dir: string;
let pack: PackData;
let store: CohortStore;
let shift: AdaptFixture;
const cohorts: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adapt-behaviour-'));
  pack = await loadPackData(PACK);
  store = CohortStore.open(join(dir, 'cohorts.db'));
  shift = loadAdaptFixture('shift');
  cohorts.shift = seedAdaptCohort(store, shift, pack, { dir, name: 'Hospital B' });
  cohorts.noshift = seedAdaptCohort(store, loadAdaptFixture('noshift'), pack, { dir, name: 'Hospital A' });
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function adapt(name: string, target: AdaptOptions['target'], extra: Partial<AdaptOptions> = {}): Promise<AdaptOutcome> {
  const data = loadAdaptDataset(store, cohorts[name] as number, target);
  return runAdaptation({ data, base: pack, options: { target, methods: ALL, site: name, learningCurveSizes: [20, 100], learningCurveRepeats: 1, bootstrapIterations: 400, ...extra } });
}

const brier = (e: HeadEvaluation) => e.binary?.brier as number;
const ece = (e: HeadEvaluation) => e.binary?.ece as number;
const mae = (e: HeadEvaluation) => e.continuous?.mae as number;

describe('a site that reads LVEF 7 points lower, with more reduced EF', () => {
  it('LVEF < 40 %: every adapted head has a lower calibration error and Brier score than the base on the held-out patients', async () => {
    const out = await adapt('shift', { column: 'lvef', below: 40 }, { learningCurveSizes: [10, 20, 50, 100, 200], learningCurveRepeats: 2 });
    const r = out.report;
    expect(r.base.map((e) => e.head)).toEqual(['lvef-lt-40']);
    expect(r.adapted.map((e) => e.method)).toEqual(['recalibrate', 'fewshot', 'knn']);
    const base = r.base[0] as HeadEvaluation;
    // The base pack is miscalibrated at this site (calibration-in-the-large well below 0).
    expect(base.binary?.calibrationIntercept).toBeLessThan(-0.3);
    for (const e of r.adapted) {
      expect(ece(e), e.head).toBeLessThan(ece(base));
      expect(brier(e), e.head).toBeLessThan(brier(base));
      expect(Math.abs(e.binary?.calibrationIntercept as number), e.head).toBeLessThan(Math.abs(base.binary?.calibrationIntercept as number));
      expect(e.binary?.auroc).toBeGreaterThan(0.75);
    }
    // Recalibration is monotone: it keeps the base head's ranking (same AUROC).
    expect(r.adapted[0]?.binary?.auroc).toBeCloseTo(base.binary?.auroc as number, 12);
    expect(r.comparisons.every((c) => c.better && c.metric === 'brier')).toBe(true);
    expect(r.warnings.filter((w) => w.includes('not better'))).toEqual([]);
    // AUROC interval, uncertainty halves, the calibration curve.
    expect(base.binary?.aurocInterval?.low).toBeLessThan(base.binary?.auroc as number);
    expect(base.uncertaintySplit.low.n + base.uncertaintySplit.high.n).toBe(r.counts.test.ecgs);
    expect(base.binary?.calibration).toHaveLength(10);
    // Learning curve: 10, 20, 50, 100, 200 and all, each a finite Brier score.
    const lc = r.learningCurve;
    expect(lc.metric).toBe('brier');
    for (const s of lc.series) {
      expect(s.points.map((p) => p.size)).toEqual([10, 20, 50, 100, 200, r.counts.train.ecgs]);
      for (const p of s.points) expect(Number.isFinite(p.value)).toBe(true);
    }
    // Honest split: no patient of the test part is in the training part (two ECGs per patient here).
    const patientOf = new Map(shift.records.map((x) => [x.sha256, x.patient]));
    const testPatients = new Set(out.testPredictions.sha256.map((s) => patientOf.get(s)));
    const trainPatients = new Set(shift.records.filter((x) => !out.testPredictions.sha256.includes(x.sha256)).map((x) => x.patient));
    for (const p of testPatients) expect(trainPatients.has(p as string)).toBe(false);
    expect(testPatients.size).toBe(r.counts.test.patients);
    expect(r.counts.test.ecgs).toBe(2 * r.counts.test.patients);
    expect(r.counts.test.ecgs / r.counts.used).toBeCloseTo(0.3, 1);
  });

  it('LVEF: lower MAE than every base head and 90 % intervals that cover 0.9 +- 0.05 of the held-out truths', async () => {
    const r = (await adapt('shift', { column: 'lvef' })).report;
    expect(r.base.map((e) => e.head).sort()).toEqual(['lvef-knn', 'lvef-prompt']);
    const bestBase = Math.min(...r.base.map(mae));
    // The base heads read the model's (true) LVEF; the site reads 7 points lower: their intervals miss.
    for (const e of r.base) expect(e.continuous?.coverage).toBeLessThan(0.85);
    for (const e of r.adapted) {
      expect(mae(e), e.head).toBeLessThan(bestBase);
      expect(e.continuous?.coverage, e.head).toBeGreaterThanOrEqual(0.85);
      expect(e.continuous?.coverage, e.head).toBeLessThanOrEqual(0.95);
      expect(Math.abs(e.continuous?.bias as number)).toBeLessThan(2.5);
    }
    expect(r.adapted.map((e) => e.kind)).toEqual(['prompt-regression', 'knn', 'linear', 'knn']);
  });
});

describe('a site without a shift', () => {
  it.each([
    [{ column: 'lvef', below: 40 }],
    [{ column: 'lvef' }],
  ])('%o: no adapted head is worse than the base beyond noise (paired patient bootstrap)', async (target) => {
    const r = (await adapt('noshift', target)).report;
    expect(r.comparisons).toHaveLength(r.adapted.length);
    for (const c of r.comparisons) {
      // adapted - base: a 95 % interval entirely above 0 would be a real loss.
      expect(c.interval?.low, `${c.head} ${c.metric} ${c.adapted} vs ${c.base}`).toBeLessThanOrEqual(0);
      expect(c.adapted).toBeLessThan(c.base * 1.05);
    }
  });
});

describe('refusals, missing embeddings, cancel', () => {
  it('refuses a target with fewer than 10 positives, an unknown column, and a threshold on a 0/1 column', async () => {
    const small = seedAdaptCohort(store, shift, pack, { dir, name: 'tiny', records: 24 });
    const data = loadAdaptDataset(store, small, { column: 'lvef', below: 40 });
    const pos = data.y.reduce((a, v) => a + v, 0);
    expect(pos).toBeLessThan(10);
    await expect(runAdaptation({ data, base: pack, options: { target: { column: 'lvef', below: 40 }, methods: ALL } })).rejects.toMatchObject({ code: 'ADAPT_TOO_FEW_LABELS' });
    expect(() => loadAdaptDataset(store, small, { column: 'nope' })).toThrow(expect.objectContaining({ code: 'ADAPT_TARGET_INVALID' }));
  });

  it('refuses a target whose labels are physically impossible, and keeps impossible values out of the site library', () => {
    const id = seedAdaptCohort(store, shift, pack, { dir, name: 'typo', records: 60 });
    const rows = store.db.prepare('SELECT id, values_json AS v FROM labels WHERE cohort_id = ? ORDER BY id LIMIT 2').all(id) as { id: number; v: string }[];
    for (const r of rows) store.db.prepare('UPDATE labels SET values_json = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(r.v), lvedv: 12000 }), r.id);
    expect(() => loadAdaptDataset(store, id, { column: 'lvedv' })).toThrow(
      expect.objectContaining({ code: 'ADAPT_TARGET_INVALID', message: expect.stringContaining('2 labels of lvedv lie outside 0 to 1000 mL') }),
    );
    const lvef = loadAdaptDataset(store, id, { column: 'lvef' });
    expect(lvef.n).toBe(60);
    expect(lvef.echo.filter((e) => e.lvedv === undefined)).toHaveLength(2);
    expect(lvef.echo.every((e) => e.lvedv === undefined || e.lvedv <= 1000)).toBe(true);
  });

  it('counts and leaves out ECGs scored before embeddings were stored, and says so', async () => {
    const id = seedAdaptCohort(store, shift, pack, { dir, name: 'old', withoutEmbedding: 100 });
    const t = adaptTargets(store, id);
    expect(t.missingEmbeddings).toBe(100);
    expect(t.columns.map((c) => c.column)).toEqual(['lvef', 'lvedv', 'lvesv', 'lvsv']);
    expect(t.columns[0]).toMatchObject({ kind: 'continuous', n: 800, withEmbeddings: 700 });
    const data = loadAdaptDataset(store, id, { column: 'lvef', below: 40 });
    expect(data.n).toBe(700);
    const out = await runAdaptation({ data, base: pack, options: { target: { column: 'lvef', below: 40 }, methods: ['recalibrate'], learningCurveSizes: [], bootstrapIterations: 100 } });
    expect(out.report.warnings.some((w) => w.startsWith('100 labelled ECGs have no stored embedding'))).toBe(true);
  });

  it('stops with CANCELLED when cancelled between folds', async () => {
    const data = loadAdaptDataset(store, cohorts.shift as number, { column: 'lvedv' });
    const ac = new AbortController();
    const run = runAdaptation({ data, base: pack, signal: ac.signal, options: { target: { column: 'lvedv' }, methods: ALL }, onProgress: (_s, f) => f > 0.02 && ac.abort() });
    const e = await run.catch((x: unknown) => x);
    expect(isCoreError(e, 'CANCELLED')).toBe(true);
  });
});
