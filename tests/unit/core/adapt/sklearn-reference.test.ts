/**
 * The hand-written adaptation solvers and metrics against scikit-learn on the same data
 * (tests/fixtures/adapt/sklearn-reference.json, written by models/tools/make_adapt_reference.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auroc, confusionAt } from '../../../../src-main/core/cohort/metrics';
import {
  brier, calibrationSlopeIntercept, conformalQuantiles, expectedCalibrationError, meanAbsoluteError,
} from '../../../../src-main/core/adapt/metrics';
import { type Matrix, gram } from '../../../../src-main/core/adapt/numeric/linalg';
import { fitIsotonic, predictIsotonic } from '../../../../src-main/core/adapt/numeric/isotonic';
import { fitLogistic } from '../../../../src-main/core/adapt/numeric/logistic';
import { ridgeDual, ridgeStats, solveRidge } from '../../../../src-main/core/adapt/numeric/ridge';

interface LinearCase { x: number[][]; y: number[]; lambda: number; coef: number[]; intercept: number }
interface Reference {
  logistic: LinearCase[];
  ridge: LinearCase[];
  isotonic: { x: number[]; y: number[]; query: number[]; predicted: number[] }[];
  metrics: {
    y: number[]; p: number[]; auroc: number; brier: number; balancedAccuracy: number; calibrationSlope: number;
    calibrationIntercept: number; ece: number; truth: number[]; estimate: number[]; mae: number;
    conformal: { level: number; residualQuantiles: [number, number] };
  };
}

const ref = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/adapt/sklearn-reference.json'), 'utf8')) as Reference;

/** The design matrix with the intercept column first, as the adaptation builds it. */
function design(x: number[][]): Matrix {
  const d = (x[0]?.length ?? 0) + 1;
  const data = new Float64Array(x.length * d);
  x.forEach((row, i) => {
    data[i * d] = 1;
    row.forEach((v, j) => (data[i * d + j + 1] = v));
  });
  return { data, rows: x.length, cols: d };
}

const scale = (a: number[]) => Math.max(1e-12, ...a.map(Math.abs));

describe('solvers against scikit-learn', () => {
  it.each(ref.logistic.map((c, i) => [i, c] as const))('L2 logistic regression (case %i) matches LogisticRegression', (_i, c) => {
    const fit = fitLogistic(design(c.x), c.y, c.lambda);
    expect(fit.converged).toBe(true);
    // Preconditioned by the Gram matrix (the large-cohort path): the same solution.
    const pre = fitLogistic(design(c.x), c.y, c.lambda, { gram: gram(design(c.x)) });
    pre.beta.forEach((v, j) => expect(Math.abs(v - (fit.beta[j] as number))).toBeLessThan(1e-6 * Math.max(1, scale(c.coef))));
    const coef = Array.from(fit.beta.subarray(1));
    const s = scale(c.coef);
    // sklearn's solution has a gradient below 1e-6: agreement to ~1e-6 of the coefficients' scale.
    coef.forEach((v, j) => expect(Math.abs(v - (c.coef[j] as number))).toBeLessThan(1e-5 * s));
    expect(Math.abs((fit.beta[0] as number) - c.intercept)).toBeLessThan(1e-5 * Math.max(1, s));
  });

  it.each(ref.ridge.map((c, i) => [i, c] as const))('ridge regression (case %i) matches Ridge', (_i, c) => {
    const beta = solveRidge(ridgeStats(design(c.x), c.y), c.lambda);
    const s = scale(c.coef);
    c.coef.forEach((v, j) => expect(Math.abs((beta[j + 1] as number) - v)).toBeLessThan(1e-8 * Math.max(1, s)));
    expect(Math.abs((beta[0] as number) - c.intercept)).toBeLessThan(1e-7 * Math.max(1, Math.abs(c.intercept)));
    // The dual (kernel) form gives the same solution (used when there are fewer rows than features).
    const dual = ridgeDual(design(c.x), c.y, Array.from({ length: c.y.length }, (_, i) => i))(c.lambda);
    dual.forEach((v, j) => expect(Math.abs(v - (beta[j] as number))).toBeLessThan(1e-7 * Math.max(1, s, Math.abs(c.intercept))));
  });

  it.each(ref.isotonic.map((c, i) => [i, c] as const))('isotonic regression (case %i) matches IsotonicRegression', (_i, c) => {
    const fit = fitIsotonic(c.x, c.y);
    for (let k = 1; k < fit.y.length; k++) expect(fit.y[k]).toBeGreaterThanOrEqual(fit.y[k - 1] as number);
    c.query.forEach((q, k) => expect(Math.abs(predictIsotonic(fit, q) - (c.predicted[k] as number))).toBeLessThan(1e-10));
  });
});

describe('metrics against scikit-learn', () => {
  const m = ref.metrics;
  it('AUROC, Brier, balanced accuracy, ECE', () => {
    const items = m.p.map((score, i) => ({ score, positive: m.y[i] === 1, uncertainty: 0 }));
    expect(auroc(items)).toBeCloseTo(m.auroc, 12);
    expect(brier(m.p, m.y)).toBeCloseTo(m.brier, 12);
    expect(confusionAt(items, 0.5).balancedAccuracy).toBeCloseTo(m.balancedAccuracy, 12);
    expect(expectedCalibrationError(m.p, m.y)).toBeCloseTo(m.ece, 12);
  });
  it('calibration slope (logistic fit on the logit) and calibration-in-the-large', () => {
    const c = calibrationSlopeIntercept(m.p, m.y);
    expect(c?.slope).toBeCloseTo(m.calibrationSlope, 6);
    expect(c?.intercept).toBeCloseTo(m.calibrationIntercept, 10);
  });
  it('MAE and split-conformal residual quantiles', () => {
    expect(meanAbsoluteError(m.estimate, m.truth)).toBeCloseTo(m.mae, 12);
    const res = m.truth.map((t, i) => t - (m.estimate[i] as number));
    const [lo, hi] = conformalQuantiles(res, m.conformal.level);
    expect(lo).toBeCloseTo(m.conformal.residualQuantiles[0], 12);
    expect(hi).toBeCloseTo(m.conformal.residualQuantiles[1], 12);
  });
});
