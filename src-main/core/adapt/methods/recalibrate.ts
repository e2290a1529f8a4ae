/**
 * Recalibration of the base pack's own heads for the target, fitted on the training part only:
 * probabilities by Platt scaling (a logistic regression on the logit) or isotonic regression, estimates by a
 * linear map or isotonic regression, whichever cross-validates better (Brier score or mean squared error on
 * out-of-fold predictions). Continuous heads get split-conformal intervals from the out-of-fold residuals at
 * the pack's interval level; binary heads an operating threshold chosen on the out-of-fold probabilities.
 */
import type { HeadSpec } from '../../model/pack/manifest';
import { applyRecalibration, type Recalibration } from '../../model/results/recalibration';
import { type FitContext, type FittedHead, checkpoint, relatedBaseHeads, youdenThreshold } from '../fit-common';
import { brier, conformalQuantiles, logit } from '../metrics';
import { fitIsotonic } from '../numeric/isotonic';
import { fitLogistic } from '../numeric/logistic';
import { patientFolds } from '../split';

type Candidate = 'platt' | 'linear' | 'isotonic';

/** Fits one map on (x, y) pairs. */
function fitMap(kind: Candidate, x: number[], y: number[]): Recalibration {
  if (kind === 'isotonic') return { method: 'isotonic', ...fitIsotonic(x, y) };
  const n = x.length;
  if (kind === 'linear') {
    // Least squares y = a x + b; a constant estimate (a tiny subset) gets a = 0, the mean.
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    x.forEach((v, i) => {
      sxy += (v - mx) * ((y[i] as number) - my);
      sxx += (v - mx) ** 2;
    });
    const a = sxx > 1e-12 * n * (1 + mx * mx) ? sxy / sxx : 0;
    return { method: 'linear', a, b: my - a * mx };
  }
  const design = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    design[2 * i] = 1;
    design[2 * i + 1] = logit(x[i] as number);
  }
  // A vanishing ridge keeps a degenerate fold (one class, one value) finite without moving a real fit.
  const beta = fitLogistic({ data: design, rows: n, cols: 2 }, y, 1e-6, { tol: 1e-10 }).beta;
  return { method: 'platt', a: beta[1] as number, b: beta[0] as number };
}

function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return s / a.length;
}

/** Out-of-fold predictions of a map kind over the training rows. */
function outOfFold(kind: Candidate, x: number[], y: number[], folds: Int32Array, k: number): number[] {
  const oof = new Array<number>(x.length).fill(0);
  for (let f = 0; f < k; f++) {
    const tx: number[] = [];
    const ty: number[] = [];
    for (let r = 0; r < x.length; r++) {
      if (folds[r] === f) continue;
      tx.push(x[r] as number);
      ty.push(y[r] as number);
    }
    const map = fitMap(kind, tx, ty);
    for (let r = 0; r < x.length; r++) if (folds[r] === f) oof[r] = applyRecalibration(map, x[r] as number);
  }
  return oof;
}

/** Recalibrated copies of the base heads that estimate the target (none when the base pack has no such head). */
export async function fitRecalibrations(ctx: FitContext, rows: Int32Array, level: number): Promise<FittedHead[]> {
  const { data, binary } = ctx;
  const out: FittedHead[] = [];
  const k = ctx.folds;
  // Without cross-validation (a learning-curve subset too small for folds) the parametric map is taken.
  const folds = k >= 2 ? patientFolds(data.group, data.y, rows, binary, k, ctx.seed + 11) : undefined;
  const y = Array.from(rows, (i) => data.y[i] as number);
  for (const base of relatedBaseHeads(ctx.manifest, data.target)) {
    const points = ctx.basePoints.get(base.id);
    if (!points) continue;
    const x = Array.from(rows, (i) => points[i] as number);
    const kinds: Candidate[] = binary ? ['platt', 'isotonic'] : ['linear', 'isotonic'];
    let best: { kind: Candidate; oof: number[]; score: number } | undefined;
    if (!folds) best = { kind: kinds[0] as Candidate, oof: [], score: NaN };
    for (const kind of folds ? kinds : []) {
      const oof = outOfFold(kind, x, y, folds as Int32Array, k);
      const score = binary ? brier(oof, y) : mse(oof, y);
      if (!best || score < best.score) best = { kind, oof, score };
      await checkpoint(ctx.signal);
    }
    if (!best) continue;
    const map = fitMap(best.kind, x, y);
    const id = `${base.id}-site`;
    const label = `${base.label} (recalibrated for ${ctx.site})`;
    let spec: HeadSpec;
    const hyper: Record<string, number | string | boolean> = { map: best.kind, folds: k };
    if (base.kind === 'logistic') {
      const threshold = folds ? youdenThreshold(best.oof, y) : base.threshold;
      hyper.threshold = threshold;
      const { operatingPoint: _op, ...rest } = base;
      spec = { ...rest, id, label, recalibration: map, threshold };
    } else {
      const oof = best.oof;
      const residualQuantiles = folds ? conformalQuantiles(y.map((v, r) => v - (oof[r] as number)), level) : ([0, 0] as [number, number]);
      const { operatingPoint: _op, ...rest } = base;
      const calibration = { method: 'split-conformal' as const, level, residualQuantiles, n: y.length };
      spec = rest.kind === 'prompt-regression'
        ? { ...rest, id, label, measurement: data.target.column, recalibration: map, calibration }
        : { ...rest, id, label, recalibration: map, calibration };
    }
    out.push({ spec, method: 'recalibrate', baseHead: base.id, hyperParameters: hyper, cvScore: best.score, cvMetric: binary ? 'brier' : 'mse' });
  }
  return out;
}
