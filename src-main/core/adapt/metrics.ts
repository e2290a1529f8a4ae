/**
 * Test-part metrics of the site-adaptation report, as pure functions on plain arrays: Brier score, expected
 * calibration error, calibration slope and intercept, MAE, interval coverage, split-conformal residual
 * quantiles and a patient-level (cluster) bootstrap. AUROC and the confusion matrix come from the cohort
 * metrics. Checked against scikit-learn (tests/unit/core/adapt/sklearn-reference.test.ts).
 */
import { mulberry32 } from '../random';
import { fitLogistic } from './numeric/logistic';

/** Probabilities are kept inside (EPS, 1 - EPS) before a logit (isotonic maps reach 0 and 1). */
const EPS = 1e-6;

export const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};

/** Mean squared difference between probability and outcome. */
export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += ((p[i] as number) - (y[i] as number)) ** 2;
  return s / p.length;
}

/** Mean log loss (probabilities clamped as for the logit). */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i] as number));
    s -= (y[i] as number) === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

/** Expected calibration error over equal-width bins: sum_b (n_b / n) |mean p_b - observed rate_b|. */
export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const sum = new Float64Array(bins);
  const pos = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((p[i] as number) * bins)));
    sum[b] = (sum[b] as number) + (p[i] as number);
    pos[b] = (pos[b] as number) + (y[i] as number);
    cnt[b] = (cnt[b] as number) + 1;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) {
    const c = cnt[b] as number;
    if (c > 0) e += (c / p.length) * Math.abs((sum[b] as number) / c - (pos[b] as number) / c);
  }
  return e;
}

/**
 * Calibration slope (the coefficient of logit(p) in a logistic regression of the outcome on it, intercept
 * free) and calibration intercept (calibration-in-the-large: the offset a in logit P(y) = a + logit(p), slope
 * fixed at 1). Perfect calibration: slope 1, intercept 0. Null when a class is missing.
 */
export function calibrationSlopeIntercept(p: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } | null {
  const n = p.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] as number;
  if (pos === 0 || pos === n) return null;
  const lp = Float64Array.from({ length: n }, (_, i) => logit(p[i] as number));
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 1;
    x[2 * i + 1] = lp[i] as number;
  }
  // A vanishing ridge keeps a perfectly separating score finite; it moves a real slope by < 1e-9.
  const fit = fitLogistic({ data: x, rows: n, cols: 2 }, y, 1e-9, { tol: 1e-12 });
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const q = 1 / (1 + Math.exp(-(a + (lp[i] as number))));
      g += q - (y[i] as number);
      h += q * (1 - q);
    }
    const step = g / h;
    a -= step;
    if (Math.abs(step) < 1e-14) break;
  }
  return { slope: fit.beta[1] as number, intercept: a };
}

export function meanAbsoluteError(est: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < est.length; i++) s += Math.abs((est[i] as number) - (truth[i] as number));
  return s / est.length;
}

export function rootMeanSquaredError(est: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < est.length; i++) s += ((est[i] as number) - (truth[i] as number)) ** 2;
  return Math.sqrt(s / est.length);
}

/** Fraction of truths inside [lo, hi] and the mean width. */
export function intervalCoverage(intervals: readonly [number, number][], truth: ArrayLike<number>): { coverage: number; meanWidth: number } {
  let inside = 0;
  let width = 0;
  intervals.forEach(([lo, hi], i) => {
    const t = truth[i] as number;
    if (t >= lo && t <= hi) inside += 1;
    width += hi - lo;
  });
  return { coverage: inside / intervals.length, meanWidth: width / intervals.length };
}

/**
 * Split-conformal residual quantiles at `level` (PACK-FORMAT.md `calibration`): the order statistics
 * r_(floor((n+1) alpha / 2)) and r_(ceil((n+1) (1 - alpha / 2))) of the residuals truth - estimate, clamped to
 * the sample when n is too small for the level.
 */
export function conformalQuantiles(residuals: ArrayLike<number>, level: number): [number, number] {
  const r = Float64Array.from(residuals as ArrayLike<number>).sort();
  const n = r.length;
  const alpha = 1 - level;
  const lo = Math.min(n, Math.max(1, Math.floor((n + 1) * (alpha / 2))));
  const hi = Math.min(n, Math.max(1, Math.ceil((n + 1) * (1 - alpha / 2))));
  return [r[lo - 1] as number, r[hi - 1] as number];
}

/** Percentile interval of a statistic over a cluster bootstrap: whole patients are resampled, never single ECGs. */
export function groupBootstrap(
  groups: readonly number[][],
  stat: (items: number[]) => number | null,
  options: { iterations?: number; seed?: number; level?: number } = {},
): { low: number; high: number; level: number; iterations: number; used: number } | null {
  const iterations = options.iterations ?? 1000;
  const level = options.level ?? 0.95;
  const rand = mulberry32(options.seed ?? 20240601);
  const values: number[] = [];
  for (let b = 0; b < iterations; b++) {
    const items: number[] = [];
    for (let g = 0; g < groups.length; g++) items.push(...(groups[Math.floor(rand() * groups.length)] as number[]));
    const v = stat(items);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  const q = (f: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(f * (values.length - 1))))] as number;
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2), level, iterations, used: values.length };
}

/** Reliability of a regression head: equal-count bins of the estimate, mean estimate against mean truth. */
export function regressionCalibration(est: ArrayLike<number>, truth: ArrayLike<number>, bins = 10): { meanPredicted: number; observed: number; count: number }[] {
  const order = Array.from({ length: est.length }, (_, i) => i).sort((a, b) => (est[a] as number) - (est[b] as number));
  const out: { meanPredicted: number; observed: number; count: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const part = order.slice(Math.floor((b * order.length) / bins), Math.floor(((b + 1) * order.length) / bins));
    if (part.length === 0) continue;
    out.push({
      meanPredicted: part.reduce((s, i) => s + (est[i] as number), 0) / part.length,
      observed: part.reduce((s, i) => s + (truth[i] as number), 0) / part.length,
      count: part.length,
    });
  }
  return out;
}
