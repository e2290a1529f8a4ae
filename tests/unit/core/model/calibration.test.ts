/**
 * Split-conformal calibration of the regression heads and the heads' operating points (PACK-FORMAT.md):
 * the interval rule, its use by the prompt and kNN heads, and the manifest fields (optional, so older packs load).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../../../src-main/core/model/pack/manifest';
import { calibratedInterval, librarySumExp, predictHead } from '../../../../src-main/core/model/results/heads';
import { normals } from '../../../../src-main/core/model/results/stats';

const D = 4;
const cal = { method: 'split-conformal' as const, level: 0.9, residualQuantiles: [-20, 15] as [number, number], n: 1100 };

describe('calibrated interval rule', () => {
  it('is the hull of the Monte Carlo interval and estimate + residual quantiles', () => {
    expect(calibratedInterval([30, 40], 35, cal)).toEqual([15, 50]);
    // a Monte Carlo interval wider than the calibrated band is kept where it is wider
    expect(calibratedInterval([10, 45], 35, cal)).toEqual([10, 50]);
    expect(calibratedInterval([30, 60], 35, cal)).toEqual([15, 60]);
  });
  it('leaves the Monte Carlo interval unchanged without a calibration', () => {
    expect(calibratedInterval([30, 40], 35, undefined)).toEqual([30, 40]);
  });
});

describe('regression heads with calibration and operating points', () => {
  const g = { mean: new Float32Array([1, 0, 0, 0]), logvar: new Float32Array(D).fill(-20) };
  const eps = normals(1, 30 * D);
  const z = Float64Array.from({ length: 30 * D }, (_, i) => (g.mean[i % D] as number) + Math.exp(-10) * (eps[i] as number));
  const means = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0.9, 0.1, 0, 0, -1, 0, 0, 0]);
  const logvars = new Float32Array(16).fill(-5);
  const studies = [20, 50, 30, 70].map((lvef, i) => ({ id: `s${i}`, report: `r${i}`, measurements: { lvef } }));
  const library = { studies, means, logvars, sumExp: librarySumExp(logvars, 4, D) };
  const ctx = { dim: D, prompts: new Map<string, Float32Array>(), intervalLevel: 0.9, library };
  const knn = { id: 'k', kind: 'knn' as const, label: 'K', measurement: 'lvef', k: 2, threshold: 40, callWhen: 'below' as const };
  const op = { sensitivity: 0.52, specificity: 0.93 };

  it('kNN: the calibrated interval is estimate + residual quantiles when the neighbours agree', () => {
    const plain = predictHead(knn, g, z, 30, ctx);
    expect(plain.value).toBe(25);
    expect(plain.interval).toEqual([20, 30]);
    expect('operatingPoint' in plain).toBe(false);
    const r = predictHead({ ...knn, calibration: cal, operatingPoint: op }, g, z, 30, ctx);
    expect(r.value).toBe(25);
    expect(r.interval).toEqual([5, 40]);
    expect(r.call).toBe('positive');
    expect(r.operatingPoint).toEqual(op);
  });
  it('prompt regression: same rule around its estimate, operating point carried', () => {
    const prompts = new Float32Array([1, 0, 0, 0, 0.9, 0.436, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0]);
    const head = {
      id: 'p', kind: 'prompt-regression' as const, label: 'P', unit: '%', values: [20, 30, 60, 80, 70], file: 'p.bin',
      topFraction: 0.4, threshold: 40, callWhen: 'below' as const, calibration: cal, operatingPoint: op,
    };
    const r = predictHead(head, g, z, 30, { ...ctx, prompts: new Map([['p', prompts]]) });
    expect(r.value).toBe(25);
    expect(r.interval).toEqual([5, 40]);
    expect(r.operatingPoint).toEqual(op);
  });
  it('logistic: the operating point is carried as the manifest states it', () => {
    const head = { id: 'h', kind: 'logistic' as const, label: 'H', weights: [2, 0, 0, 0], bias: -1, threshold: 0.5, operatingPoint: op };
    expect(predictHead(head, g, z, 30, ctx).operatingPoint).toEqual(op);
  });
});

describe('manifest calibration fields', () => {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../../models/reference/manifest.json'), 'utf8')) as {
    heads: Record<string, unknown>[];
    intervals: { level: number };
  };
  const withKnn = (extra: Record<string, unknown>) => ({
    ...raw,
    heads: raw.heads.map((h) => (h.kind === 'knn' ? { ...h, ...extra } : h)),
  });
  it('the bundled pack states a calibration and operating points for its regression heads', () => {
    const m = manifestSchema.parse(raw);
    for (const h of m.heads) {
      expect(h.operatingPoint).toBeDefined();
      if (h.kind !== 'logistic') expect(h.calibration?.method).toBe('split-conformal');
    }
  });
  it('older packs without calibration or operating points still load', () => {
    const old = { ...raw, heads: raw.heads.map(({ calibration: _c, operatingPoint: _o, ...h }) => h) };
    expect(manifestSchema.safeParse(old).success).toBe(true);
  });
  it('refuses a calibration at another level than the intervals, reversed quantiles, or an unknown method', () => {
    expect(manifestSchema.safeParse(withKnn({ calibration: { ...cal, level: 0.8 } })).success).toBe(false);
    expect(manifestSchema.safeParse(withKnn({ calibration: { ...cal, residualQuantiles: [5, -5] } })).success).toBe(false);
    expect(manifestSchema.safeParse(withKnn({ calibration: { ...cal, method: 'bootstrap' } })).success).toBe(false);
    expect(manifestSchema.safeParse(withKnn({ operatingPoint: { sensitivity: 1.2, specificity: 0.5 } })).success).toBe(false);
  });
});
