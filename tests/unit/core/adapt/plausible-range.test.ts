/**
 * Plausible ranges of adapted regression heads (schema 2 `plausibleRange`): stated in the manifest (schema 2
 * only, min below max), the interval kept inside, an estimate outside detected for the boundary checks, and the
 * range an adaptation states for known and user columns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plausibleRangeFor } from '../../../../src-main/core/adapt/plausible-range';
import { predictionProblem } from '../../../../src-main/core/model/boundary-checks';
import { manifestSchema } from '../../../../src-main/core/model/pack/manifest';
import type { PredictionResult } from '../../../../src-main/core/model/types';
import { monteCarloSamples } from '../../../../src-main/core/model/results/assemble';
import { predictHead } from '../../../../src-main/core/model/results/heads';
import { outsidePlausibleRange } from '../../../../src-main/core/model/results/plausible-range';
import { mulberry32 } from '../../../../src-main/core/random';

const REF = JSON.parse(readFileSync(join(__dirname, '../../../../models/reference/manifest.json'), 'utf8'));
const D = 512;
const r = mulberry32(5);
const g = { mean: Float32Array.from({ length: D }, () => (r() - 0.5) * 0.09), logvar: Float32Array.from({ length: D }, () => -6.5 + r() * 0.4) };
const manifest = { ...REF, schemaVersion: 2 };
const z = monteCarloSamples(manifest, g);
const S = manifest.intervals.samples;
const ctx = { dim: D, prompts: new Map<string, Float32Array>(), intervalLevel: 0.9 };
const linear = (bias: number, range?: [number, number]) => ({
  id: 'l', kind: 'linear' as const, label: 'LVEF', unit: '%', weights: new Array<number>(D).fill(0), bias, threshold: 40, callWhen: 'below' as const,
  calibration: { method: 'split-conformal' as const, level: 0.9, residualQuantiles: [-12, 11] as [number, number] },
  ...(range ? { plausibleRange: range } : {}),
});

describe('a head with a plausible range', () => {
  it('keeps its interval inside the range and reports the range', () => {
    const p = predictHead(linear(5, [0, 100]), g, z, S, ctx);
    expect(p.value).toBeCloseTo(5, 12);
    // Without the range the conformal interval reaches 5 - 12 = -7 % (an impossible LVEF).
    expect(predictHead(linear(5), g, z, S, ctx).interval[0]).toBeCloseTo(-7, 10);
    expect(p.interval[0]).toBe(0);
    expect(p.interval[1]).toBeCloseTo(16, 10);
    expect(p.plausibleRange).toEqual([0, 100]);
    expect(outsidePlausibleRange(p)).toBeUndefined();
  });

  it('an estimate outside the range is detected (never clipped into it)', () => {
    const p = predictHead(linear(104, [0, 100]), g, z, S, ctx);
    expect(p.value).toBeCloseTo(104, 12);
    expect(outsidePlausibleRange(p)).toBe('estimate');
    expect(outsidePlausibleRange({ value: 50, interval: [40, 101], plausibleRange: [0, 100] })).toBe('interval');
    expect(outsidePlausibleRange({ value: 104, interval: [90, 110] })).toBeUndefined();
    expect(outsidePlausibleRange({ value: Number.NaN, interval: [0, 1], plausibleRange: [0, 100] })).toBe('estimate');
  });

  it('is a schema 2 field with min below max', () => {
    const head = { id: 'k2', kind: 'knn', label: 'x', measurement: 'lvef', k: 5, threshold: 40, callWhen: 'below', plausibleRange: [0, 100] };
    expect(manifestSchema.safeParse({ ...REF, heads: [...REF.heads, head] }).error?.issues[0]?.message).toContain('schemaVersion 2');
    expect(manifestSchema.safeParse({ ...REF, schemaVersion: 2, heads: [...REF.heads, head] }).success).toBe(true);
    expect(manifestSchema.safeParse({ ...REF, schemaVersion: 2, heads: [...REF.heads, { ...head, plausibleRange: [100, 0] }] }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...REF, schemaVersion: 2, heads: [{ ...REF.heads[0], plausibleRange: [0, 1] }] }).success).toBe(false);
  });
});

describe('the boundary checks on an adapted pack\'s prediction', () => {
  const result = (value: number, siteScore = 1.5): PredictionResult => ({
    model: { id: 'm', name: 'm', version: '1', clinical: false, clinicalUseStatement: '', licence: '' },
    executionProvider: 'cpu', window: { startS: 0, durationS: 10, paddedS: 0 },
    uncertainty: { score: 0.002, percentile: 40, level: 'low' },
    predictions: [{ head: 'f', label: 'LVEF (few-shot head, B)', kind: 'linear', value, unit: '%', interval: [Math.max(0, value - 9), Math.min(100, value + 9)], intervalLevel: 0.9, threshold: 40, call: 'negative', callWhen: 'below', plausibleRange: [0, 100] }],
    similarReports: [],
    similarSiteEcgs: [{ id: 'site-abc-1', score: siteScore, report: '', measurements: { lvef: 35 } }],
    stepVariance: { stepS: 0.1, startS: 0, values: [0.1] },
    embedding: { mean: new Float32Array(1), logvar: new Float32Array(1) },
  });

  it('refuses an estimate outside the head\'s range with IMPLAUSIBLE_OUTPUT, a non-finite site-ECG distance with NON_FINITE_OUTPUT', () => {
    expect(predictionProblem(result(55))).toBeUndefined();
    expect(predictionProblem(result(100))).toBeUndefined();
    expect(predictionProblem(result(104))).toEqual({
      code: 'IMPLAUSIBLE_OUTPUT',
      message: 'The LVEF (few-shot head, B) estimate lies outside the values the measurement can take (0 to 100 %) for this ECG: no result is shown.',
    });
    expect(predictionProblem(result(-3))?.code).toBe('IMPLAUSIBLE_OUTPUT');
    expect(predictionProblem(result(55, Number.NaN))).toMatchObject({ code: 'NON_FINITE_OUTPUT', message: expect.stringContaining('similar-report distance') });
  });
});

describe('the range an adaptation states', () => {
  it('physical limits for echo measurements, the labels widened by their span for a user column', () => {
    expect(plausibleRangeFor('lvef', [], [])).toEqual([0, 100]);
    expect(plausibleRangeFor('lvedv', [], [])).toEqual([0, 1000]);
    // Non-negative labels 10..30: [max(0, 10 - 30), 30 + 30]; rows pick which labels count.
    expect(plausibleRangeFor('gls', [10, 30, 500], [0, 1])).toEqual([0, 60]);
    // Signed labels -22..-8: widened by their largest magnitude (22), not their spread (14).
    expect(plausibleRangeFor('strain', [-22, -8], [0, 1])).toEqual([-44, 14]);
    // A narrow spread (50..52) is widened by the magnitude: [0, 104], not [48, 54].
    expect(plausibleRangeFor('score', [50, 52], [0, 1])).toEqual([0, 104]);
  });
});
