import type { HeadSpec } from '../pack/manifest';
import type { HeadPrediction } from '../types';
import { type Gaussian, squaredDistance, sumExp } from './gaussian';
import { knnSampled } from './knn-kernel';
import { promptEstimates } from './prompt-kernel';
import { promptBlock, type SampleProducts } from './row-products';
import { centralInterval, dotRows, median, sigmoid } from './stats';

export { dotRows };

/** What the heads read besides the embedding (from the loaded pack). */
export interface HeadContext {
  dim: number;
  prompts: Map<string, Float32Array>;
  library?: { studies: { measurements: Record<string, number> }[]; means: Float32Array; logvars: Float32Array; sumExp: Float64Array };
  intervalLevel: number;
}

/**
 * Indices of the `count` best scores, best first, ties by index (as a stable argsort): a bounded insertion
 * selection, O(n * count), cheaper than sorting for the small counts the heads use.
 */
export function topIndices(scores: Float64Array, count: number, ascending: boolean): number[] {
  const k = Math.min(count, scores.length);
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const v = ascending ? (scores[i] as number) : -(scores[i] as number);
    if (idx.length === k && v >= (val[k - 1] as number)) continue;
    let pos = idx.length < k ? idx.length : k - 1;
    while (pos > 0 && (val[pos - 1] as number) > v) pos--;
    idx.splice(pos, 0, i);
    val.splice(pos, 0, v);
    if (idx.length > k) {
      idx.pop();
      val.pop();
    }
  }
  return idx;
}

/** Number of prompts the median uses: max(1, round(topFraction * n)). */
export function topCount(topFraction: number, n: number): number {
  return Math.max(1, Math.round(topFraction * n));
}

/** Prompt regression on one vector: median of the values of the most cosine-similar prompts. */
export function promptEstimate(v: ArrayLike<number>, prompts: Float32Array, values: number[], topFraction: number, dim: number): number {
  const vv = v instanceof Float64Array ? v : Float64Array.from(v);
  const p64 = asF64(prompts);
  const norm = Math.max(Math.sqrt(dotRows(vv, 0, vv, 0, dim)), 1e-12);
  const sims = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) sims[j] = dotRows(vv, 0, p64, j * dim, dim) / norm;
  return median(topIndices(sims, topCount(topFraction, values.length), false).map((j) => values[j] as number));
}


/** kNN by closed-form sampled distance; `queryVar` is sum(exp(logvar)) of the query (0 for a point sample). */
export function knnNeighbours(v: ArrayLike<number>, queryVar: number, lib: NonNullable<HeadContext['library']>, k: number, dim: number): number[] {
  return topIndices(csdRow(v, queryVar, lib, dim), k, true);
}

function csdRow(v: ArrayLike<number>, queryVar: number, lib: Pick<NonNullable<HeadContext['library']>, 'studies' | 'means' | 'sumExp'>, dim: number): Float64Array {
  const n = lib.studies.length;
  const dist = new Float64Array(n);
  for (let j = 0; j < n; j++) dist[j] = squaredDistance(v, lib.means, j, dim) + queryVar + (lib.sumExp[j] as number);
  return dist;
}

const csdMemo = new WeakMap<Float32Array, { means: Float32Array; dist: Float64Array }>();

/**
 * Closed-form sampled distance from the record's Gaussian to every library study. The kNN head and the
 * similar reports both rank on it, so it is computed once per record (remembered by the mean's array).
 */
export function csdToLibrary(g: Gaussian, lib: Pick<NonNullable<HeadContext['library']>, 'studies' | 'means' | 'sumExp'>, dim: number): Float64Array {
  const hit = csdMemo.get(g.mean);
  if (hit && hit.means === lib.means) return hit.dist;
  let qv = 0;
  for (let k = 0; k < dim; k++) qv += Math.exp(g.logvar[k] as number);
  const dist = csdRow(g.mean, qv, lib, dim);
  csdMemo.set(g.mean, { means: lib.means, dist });
  return dist;
}

const f64Cache = new WeakMap<Float32Array, Float64Array>();

/** A float64 copy of pack data, made once per pack array (float64 keeps the inner loops monomorphic). */
function asF64(a: Float32Array): Float64Array {
  let d = f64Cache.get(a);
  if (!d) {
    d = Float64Array.from(a);
    f64Cache.set(a, d);
  }
  return d;
}

/** A regression head's split-conformal calibration (manifest `calibration`). */
export type HeadCalibration = NonNullable<Extract<HeadSpec, { kind: 'knn' }>['calibration']>;

/**
 * The calibrated interval of a regression head: the hull of the Monte Carlo interval and estimate + the
 * held-out residual quantiles (split conformal), so it is never narrower than either. Without a calibration
 * the Monte Carlo interval is returned unchanged. models/tools/echoingecg/pack.py calibrated_interval is the
 * same rule.
 */
export function calibratedInterval(mc: [number, number], estimate: number, cal: HeadCalibration | undefined): [number, number] {
  if (!cal) return mc;
  const [lo, hi] = cal.residualQuantiles;
  return [Math.min(mc[0], estimate + lo), Math.max(mc[1], estimate + hi)];
}

const call = (value: number, threshold: number, when: 'below' | 'above'): 'positive' | 'negative' =>
  (when === 'below' ? value < threshold : value > threshold) ? 'positive' : 'negative';

/**
 * One head's prediction: point estimate on the mean, interval over the Monte Carlo samples `z` ([S x D]),
 * call at the head's threshold. `products` (the samples' matrix products, row-products.ts) only speeds up the
 * ranking heads: the outputs are the same with or without them.
 */
export function predictHead(head: HeadSpec, g: Gaussian, z: Float64Array, samples: number, ctx: HeadContext, products?: SampleProducts): HeadPrediction {
  const d = ctx.dim;
  const row = (s: number): Float64Array => z.subarray(s * d, (s + 1) * d);
  const op = head.operatingPoint;
  const base = {
    head: head.id,
    label: head.label,
    kind: head.kind,
    intervalLevel: ctx.intervalLevel,
    threshold: head.threshold,
    ...(op ? { operatingPoint: { sensitivity: op.sensitivity, specificity: op.specificity } } : {}),
  };
  if (head.kind === 'logistic') {
    const w = head.weights;
    const p = sigmoid(dotArr(g.mean, w) + head.bias);
    const ps = Array.from({ length: samples }, (_, s) => sigmoid(dotArr(row(s), w) + head.bias));
    return { ...base, probability: p, interval: centralInterval(ps, ctx.intervalLevel), call: p >= head.threshold ? 'positive' : 'negative' };
  }
  if (head.kind === 'prompt-regression') {
    const prompts = ctx.prompts.get(head.id) as Float32Array;
    const est = promptEstimate(g.mean, prompts, head.values, head.topFraction, d);
    // Same estimates as promptEstimate on each row of z (prompt-kernel.ts prunes exactly).
    const ests = promptEstimates(z, samples, g.mean, prompts, head.values, head.topFraction, d, products && { products, block: promptBlock(head.id) });
    const interval = calibratedInterval(centralInterval(ests, ctx.intervalLevel), est, head.calibration);
    return { ...base, value: est, unit: head.unit, interval, call: call(est, head.threshold, head.callWhen), callWhen: head.callWhen };
  }
  const lib = ctx.library;
  if (!lib) throw new Error('knn head without a library');
  const values = lib.studies.map((s) => s.measurements[head.measurement] as number);
  const nn = topIndices(csdToLibrary(g, lib, d), head.k, true);
  const est = nn.reduce((a, j) => a + (values[j] as number), 0) / nn.length;
  // Interval: the neighbours' values pooled over the Monte Carlo samples (each sample a point query).
  const pooled: number[] = [];
  for (const nn2 of knnSampled(z, samples, g.mean, lib, head.k, d, { products, ordered: false })) for (const j of nn2) pooled.push(values[j] as number);
  const interval = calibratedInterval(centralInterval(pooled, ctx.intervalLevel), est, head.calibration);
  return { ...base, value: est, unit: head.unit, interval, call: call(est, head.threshold, head.callWhen), callWhen: head.callWhen };
}

function dotArr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < b.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

/** sum(exp(logvar)) of each library row, computed once per pack. */
export function librarySumExp(logvars: Float32Array, n: number, dim: number): Float64Array {
  return Float64Array.from({ length: n }, (_, j) => sumExp(logvars, j, dim));
}
