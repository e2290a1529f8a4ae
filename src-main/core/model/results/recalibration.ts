/**
 * A head's recalibration map (schema 2, PACK-FORMAT.md): applied to the point estimate and to every Monte
 * Carlo sample before the call and the interval. The site adaptation fits these maps (src-main/core/adapt) and
 * evaluates them through this same function, so the saved pack gives the numbers the adaptation reported.
 */
import type { HeadSpec } from '../pack/manifest';
import { sigmoid } from './stats';

export type Recalibration = NonNullable<HeadSpec['recalibration']>;

/** Probabilities are kept inside (1e-6, 1 - 1e-6) before the logit of a Platt map. */
const EPS = 1e-6;

/** Linear interpolation between increasing knots, clipped to the end values outside them. */
export function interpolateKnots(x: readonly number[], y: readonly number[], v: number): number {
  const n = x.length;
  if (n === 1 || v <= (x[0] as number)) return y[0] as number;
  if (v >= (x[n - 1] as number)) return y[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) <= v) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const x1 = x[hi] as number;
  const y0 = y[lo] as number;
  return y0 + (((y[hi] as number) - y0) * (v - x0)) / (x1 - x0);
}

export function applyRecalibration(r: Recalibration | undefined, v: number): number {
  if (!r) return v;
  if (r.method === 'linear') return r.a * v + r.b;
  if (r.method === 'isotonic') return interpolateKnots(r.x, r.y, v);
  const q = Math.min(1 - EPS, Math.max(EPS, v));
  return sigmoid(r.a * Math.log(q / (1 - q)) + r.b);
}
