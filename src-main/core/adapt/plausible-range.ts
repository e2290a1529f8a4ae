/**
 * The plausible range an adapted regression head states (manifest `plausibleRange`, schema 2): the physical
 * limits of a known echo measurement, else the site's own labels widened on each side by their spread, at least
 * their largest magnitude (so a narrow spread is not taken for a physical limit), and kept at or above 0 when
 * every label is. A ridge head or a linear recalibration extrapolates where a neighbour
 * average cannot; an estimate outside the range is refused at run time as implausible, never shown.
 */
import type { HeadSpec } from '../model/pack/manifest';
import type { FitContext, FittedHead } from './fit-common';

/** Physical limits of the echo measurements the labels sheet names (per cent; millilitres). */
export const MEASUREMENT_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  lvef: [0, 100],
  lvedv: [0, 1000],
  lvesv: [0, 1000],
  lvsv: [0, 1000],
};

/** The range for the target column, from its known limits or the training labels (`rows` of the dataset). */
export function plausibleRangeFor(column: string, y: ArrayLike<number>, rows: ArrayLike<number>): [number, number] {
  const known = MEASUREMENT_LIMITS[column];
  if (known) return [known[0], known[1]];
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows.length; r++) {
    const v = y[rows[r] as number] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = Math.max(hi - lo, Math.abs(lo), Math.abs(hi), 1);
  return [lo >= 0 ? Math.max(0, lo - span) : lo - span, hi + span];
}

/** Whether a head reports a measurement value (not a probability), so that a plausible range applies. */
export function reportsValue(spec: HeadSpec): spec is Exclude<HeadSpec, { kind: 'logistic' }> {
  return spec.kind !== 'logistic' && !(spec.kind === 'knn' && spec.output === 'probability');
}

/** States the range on each fitted head of a continuous target (a binary target's probabilities need none). */
export function withPlausibleRange(fc: FitContext, rows: Int32Array, heads: FittedHead[]): FittedHead[] {
  if (fc.binary) return heads;
  const range = plausibleRangeFor(fc.data.target.column, fc.data.y, rows);
  for (const h of heads) if (reportsValue(h.spec)) h.spec.plausibleRange = range;
  return heads;
}
