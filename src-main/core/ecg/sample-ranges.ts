/**
 * Half-open sample ranges [start, end): where a lead holds no data (DICOM padding). Kept sorted and disjoint.
 */
import type { SampleRange } from './record';

/** The runs of samples for which `isGap(index)` holds, as sorted disjoint ranges over [0, length). */
export function rangesWhere(length: number, isGap: (index: number) => boolean): SampleRange[] {
  const out: SampleRange[] = [];
  let start = -1;
  for (let i = 0; i < length; i += 1) {
    if (isGap(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, length]);
  return out;
}

/** Union of two sorted range lists, clipped to [0, length): a sample is a gap when it is one in either. */
export function unionRanges(a: readonly SampleRange[], b: readonly SampleRange[], length: number): SampleRange[] {
  const all = [...a, ...b]
    .map(([s, e]): SampleRange => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const out: SampleRange[] = [];
  for (const [s, e] of all) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
