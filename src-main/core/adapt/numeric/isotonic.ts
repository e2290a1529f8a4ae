/**
 * Isotonic (non-decreasing) regression by the pool-adjacent-violators algorithm, with scikit-learn's
 * conventions (IsotonicRegression(out_of_bounds='clip')): equal x values are first merged into their weighted
 * mean, predictions interpolate linearly between the fitted points and are clipped outside them. Hand-written:
 * twenty lines, no library offers it on plain arrays; checked against scikit-learn
 * (tests/unit/core/adapt/sklearn-reference.test.ts).
 */
import { interpolateKnots } from '../../model/results/recalibration';

/** The fitted step function's knots (x increasing; y non-decreasing), as a pack stores them. */
export interface IsotonicFit {
  x: number[];
  y: number[];
}

export function fitIsotonic(xIn: ArrayLike<number>, yIn: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicFit {
  const n = xIn.length;
  if (n === 0) throw new Error('isotonic regression needs data');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (xIn[a] as number) - (xIn[b] as number) || (yIn[a] as number) - (yIn[b] as number));
  // Unique x with weighted mean y.
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  for (const i of order) {
    const xi = xIn[i] as number;
    const wi = weights ? (weights[i] as number) : 1;
    const last = ux.length - 1;
    if (last >= 0 && ux[last] === xi) {
      uy[last] = (uy[last] as number) + wi * (yIn[i] as number);
      uw[last] = (uw[last] as number) + wi;
    } else {
      ux.push(xi);
      uy.push(wi * (yIn[i] as number));
      uw.push(wi);
    }
  }
  for (let j = 0; j < ux.length; j++) uy[j] = (uy[j] as number) / (uw[j] as number);
  // Pool adjacent violators over blocks (value, weight, length).
  const val: number[] = [];
  const wt: number[] = [];
  const len: number[] = [];
  for (let j = 0; j < ux.length; j++) {
    val.push(uy[j] as number);
    wt.push(uw[j] as number);
    len.push(1);
    while (val.length > 1 && (val[val.length - 2] as number) > (val[val.length - 1] as number)) {
      const v2 = val.pop() as number;
      const w2 = wt.pop() as number;
      const l2 = len.pop() as number;
      const k = val.length - 1;
      const w1 = wt[k] as number;
      val[k] = ((val[k] as number) * w1 + v2 * w2) / (w1 + w2);
      wt[k] = w1 + w2;
      len[k] = (len[k] as number) + l2;
    }
  }
  const fitted: number[] = [];
  val.forEach((v, k) => {
    for (let t = 0; t < (len[k] as number); t++) fitted.push(v);
  });
  // Keep the first and last point and every point where the function changes slope (as scikit-learn does).
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < ux.length; j++) {
    const interior = j > 0 && j < ux.length - 1;
    if (interior && fitted[j - 1] === fitted[j] && fitted[j + 1] === fitted[j]) continue;
    x.push(ux[j] as number);
    y.push(fitted[j] as number);
  }
  return { x, y };
}

/** The fitted function at v: linear between knots, clipped to the first / last knot's value outside. */
export function predictIsotonic(fit: IsotonicFit, v: number): number {
  return interpolateKnots(fit.x, fit.y, v);
}
