/** Small numeric helpers shared by the heads: seeded normals, quantiles, the logistic function. */
import { mulberry32 } from '../../random';

export { mulberry32 };

/** Standard normal draws (Box-Muller on the seeded generator). */
export function normals(seed: number, count: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = Math.max(rand(), 1e-300);
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

const shared = new Map<string, Float64Array>();

/**
 * normals(seed, count), computed once and shared (every record draws the same standard normals; callers must
 * not write to the array). Holds the few (seed, count) pairs a process uses: packs differ rarely.
 */
export function normalsShared(seed: number, count: number): Float64Array {
  const key = `${seed}:${count}`;
  let a = shared.get(key);
  if (!a) {
    if (shared.size >= 4) shared.clear();
    a = normals(seed, count);
    shared.set(key, a);
  }
  return a;
}

/** numpy.quantile with linear interpolation, q in [0, 1]; sorts a copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/** Central interval at `level` (e.g. 0.9 -> 5th and 95th percentiles). */
export function centralInterval(values: ArrayLike<number>, level: number): [number, number] {
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Dot product of two rows of float64 arrays, four accumulators (the heads' inner loop; every kernel uses this one so results stay bit-identical). */
export function dotRows(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += (a[ao + i] as number) * (b[bo + i] as number);
    s1 += (a[ao + i + 1] as number) * (b[bo + i + 1] as number);
    s2 += (a[ao + i + 2] as number) * (b[bo + i + 2] as number);
    s3 += (a[ao + i + 3] as number) * (b[bo + i + 3] as number);
  }
  for (; i < n; i++) s0 += (a[ao + i] as number) * (b[bo + i] as number);
  return s0 + s1 + s2 + s3;
}
