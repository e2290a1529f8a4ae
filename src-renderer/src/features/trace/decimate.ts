/**
 * Min/max decimation: one (min, max) pair per pixel column, so a trace with many samples per pixel keeps
 * its spikes (a QRS never disappears between two columns) and costs O(columns) path segments to draw.
 */

/**
 * Decimates `samples[start, end)` into `columns` buckets of equal sample span.
 * Returns a Float32Array of length 2 x columns: [min0, max0, min1, max1, ...]; a bucket with no sample is NaN.
 * Each bucket also includes the last sample of the previous bucket so adjacent columns join without gaps.
 */
export function decimateMinMax(samples: ArrayLike<number>, start: number, end: number, columns: number): Float32Array {
  const cols = Math.max(0, Math.floor(columns));
  const out = new Float32Array(cols * 2).fill(Number.NaN);
  const lo = Math.max(0, Math.floor(start));
  const hi = Math.min(samples.length, Math.ceil(end));
  if (cols === 0 || hi <= lo) return out;
  const span = (end - start) / cols;
  for (let c = 0; c < cols; c++) {
    const a = Math.max(lo, Math.floor(start + c * span) - (c > 0 ? 1 : 0));
    const b = Math.min(hi, Math.max(a + 1, Math.floor(start + (c + 1) * span)));
    if (a >= hi) break;
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = a; i < b; i++) {
      const v = samples[i] as number;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    if (mn !== Infinity) {
      out[c * 2] = mn;
      out[c * 2 + 1] = mx;
    }
  }
  return out;
}
