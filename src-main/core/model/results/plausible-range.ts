/**
 * Whether a head's output lies inside the plausible range its pack states (schema 2 `plausibleRange`, set on
 * site-adapted regression heads). Used by the boundary checks, so an implausible estimate is refused with a
 * code wherever a result is shown, stored or exported.
 */
import type { HeadPrediction } from '../types';

/** 'estimate' or 'interval' when that part of the prediction falls outside the head's range; undefined when inside or unstated. */
export function outsidePlausibleRange(h: Pick<HeadPrediction, 'value' | 'interval' | 'plausibleRange'>): 'estimate' | 'interval' | undefined {
  const r = h.plausibleRange;
  if (!r) return undefined;
  const inside = (v: number) => v >= r[0] && v <= r[1];
  if (h.value !== undefined && !inside(h.value)) return 'estimate';
  if (!inside(h.interval[0]) || !inside(h.interval[1])) return 'interval';
  return undefined;
}
