import type { HeadSpec } from '../pack/manifest';
import type { HeadPrediction } from '../types';
import { type Gaussian, meanExpLogvar, squaredDistance, sumExp } from './gaussian';
import { knnSampled } from './knn-kernel';
import { promptEstimates } from './prompt-kernel';
import { applyRecalibration } from './recalibration';
import { LIBRARY_BLOCK, SITE_LIBRARY_BLOCK, promptBlock, type SampleProducts } from './row-products';
import { centralInterval, dotRows, median, sigmoid } from './stats';

export { dotRows };

/** A library as the heads read it: each study's measurements and Gaussian, sum(exp(logvar)) per study. */
export interface HeadLibrary {
  studies: { measurements: Record<string, number> }[];
  means: Float32Array;
  logvars: Float32Array;
  sumExp: Float64Array;
}

/** What the heads read besides the embedding (from the loaded pack). */
export interface HeadContext {
  dim: number;
  prompts: Map<string, Float32Array>;
  library?: HeadLibrary;
  /** Schema 2: the site library of a site-adapted pack (its kNN heads with `library: 'site'`). */
  siteLibrary?: HeadLibrary;
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

const csdMemo = new WeakMap<Float32Array, { means: Float32Array; dist: Float64Array }[]>();

/**
 * Closed-form sampled distance from the record's Gaussian to every library study. The kNN head and the
 * similar reports both rank on it, so it is computed once per record and library (remembered by the mean's
 * array; a site-adapted pack has two libraries).
 */
export function csdToLibrary(g: Gaussian, lib: Pick<NonNullable<HeadContext['library']>, 'studies' | 'means' | 'sumExp'>, dim: number): Float64Array {
  const hits = csdMemo.get(g.mean) ?? [];
  const hit = hits.find((h) => h.means === lib.means);
  if (hit) return hit.dist;
  let qv = 0;
  for (let k = 0; k < dim; k++) qv += Math.exp(g.logvar[k] as number);
  const dist = csdRow(g.mean, qv, lib, dim);
  csdMemo.set(g.mean, [...hits.slice(-1), { means: lib.means, dist }]);
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

type KnnHead = Extract<HeadSpec, { kind: 'knn' }>;

/** The library a kNN head ranks: the pack's echo library, or (schema 2, `library: 'site'`) the site library. */
export function headLibrary(head: KnnHead, ctx: Pick<HeadContext, 'library' | 'siteLibrary'>): HeadLibrary {
  const lib = head.library === 'site' ? ctx.siteLibrary : ctx.library;
  if (!lib) throw new Error(`knn head ${head.id} without its library`);
  return lib;
}

/** The uncertainty feature of heads with an `uncertaintyWeight`: ln(mean_k exp(logvar_k)). */
export function uncertaintyFeature(logvar: ArrayLike<number>): number {
  return Math.log(meanExpLogvar(logvar));
}

/** A linear predictor's constant part: the bias plus the uncertainty term (the same for every Monte Carlo sample). */
function offsetOf(head: { bias: number; uncertaintyWeight?: number }, g: Gaussian): number {
  return head.uncertaintyWeight === undefined ? head.bias : head.bias + head.uncertaintyWeight * uncertaintyFeature(g.logvar);
}

/** The neighbours' mean of a kNN head for the record's Gaussian (before recalibration). */
function knnEstimate(head: KnnHead, g: Gaussian, lib: HeadLibrary, dim: number): number {
  const nn = topIndices(csdToLibrary(g, lib, dim), head.k, true);
  return nn.reduce((a, j) => a + ((lib.studies[j] as HeadLibrary['studies'][number]).measurements[head.measurement] as number), 0) / nn.length;
}

/**
 * A head's point estimate on the record's mean, as its prediction reports it: the probability (logistic) or
 * the value (regression heads), after the head's recalibration. The site adaptation fits and evaluates with
 * this function, so its report and the saved pack agree.
 */
export function headPoint(head: HeadSpec, g: Gaussian, ctx: HeadContext): number {
  const r = head.recalibration;
  if (head.kind === 'logistic') return applyRecalibration(r, sigmoid(dotArr(g.mean, head.weights) + offsetOf(head, g)));
  if (head.kind === 'linear') return applyRecalibration(r, dotArr(g.mean, head.weights) + offsetOf(head, g));
  if (head.kind === 'prompt-regression') {
    return applyRecalibration(r, promptEstimate(g.mean, ctx.prompts.get(head.id) as Float32Array, head.values, head.topFraction, ctx.dim));
  }
  return applyRecalibration(r, knnEstimate(head, g, headLibrary(head, ctx), ctx.dim));
}

/**
 * One head's prediction: point estimate on the mean, interval over the Monte Carlo samples `z` ([S x D]),
 * call at the head's threshold. `products` (the samples' matrix products, row-products.ts) only speeds up the
 * ranking heads: the outputs are the same with or without them. A recalibration map (schema 2) applies to the
 * estimate and to every sample before the interval is taken.
 */
export function predictHead(
  head: HeadSpec,
  g: Gaussian,
  z: Float64Array,
  samples: number,
  ctx: HeadContext,
  products?: SampleProducts,
  /** Per-record memo of the ranking heads' raw Monte Carlo values: a recalibrated copy of a head reuses them. */
  memo?: Map<string, number[]>,
): HeadPrediction {
  const d = ctx.dim;
  const row = (s: number): Float64Array => z.subarray(s * d, (s + 1) * d);
  const op = head.operatingPoint;
  const rc = head.recalibration;
  const base = {
    head: head.id,
    label: head.label,
    kind: head.kind,
    intervalLevel: ctx.intervalLevel,
    threshold: head.threshold,
    ...(op ? { operatingPoint: { sensitivity: op.sensitivity, specificity: op.specificity } } : {}),
  };
  const est = headPoint(head, g, ctx);
  if (head.kind === 'logistic') {
    const w = head.weights;
    const off = offsetOf(head, g);
    const ps = Array.from({ length: samples }, (_, s) => applyRecalibration(rc, sigmoid(dotArr(row(s), w) + off)));
    return { ...base, probability: est, interval: centralInterval(ps, ctx.intervalLevel), call: est >= head.threshold ? 'positive' : 'negative' };
  }
  let mc: number[];
  if (head.kind === 'linear') {
    const off = offsetOf(head, g);
    mc = Array.from({ length: samples }, (_, s) => applyRecalibration(rc, dotArr(row(s), head.weights) + off));
  } else {
    const key = !memo ? '' : head.kind === 'prompt-regression' ? `prompt|${head.file}|${head.topFraction}|${head.values.join(',')}` : `knn|${head.library ?? 'pack'}|${head.k}|${head.measurement}|${head.output ?? 'value'}`;
    let raw = memo?.get(key);
    if (!raw) {
      raw = rawRankingSamples(head, g, z, samples, ctx, products);
      memo?.set(key, raw);
    }
    mc = rc ? raw.map((v) => applyRecalibration(rc, v)) : raw;
  }
  const range = head.plausibleRange;
  const interval = withinRange(calibratedInterval(centralInterval(mc, ctx.intervalLevel), est, head.calibration), range);
  const extra = {
    ...(head.kind === 'knn' && head.library === 'site' ? { library: 'site' as const } : {}),
    ...(range ? { plausibleRange: [range[0], range[1]] as [number, number] } : {}),
  };
  if (head.kind === 'knn' && head.output === 'probability') {
    // The share of positive neighbours of a 0/1 measurement: reported as the probability it is.
    return { ...base, ...extra, probability: est, interval, call: call(est, head.threshold, head.callWhen), callWhen: head.callWhen };
  }
  return { ...base, ...extra, value: est, unit: head.unit, interval, call: call(est, head.threshold, head.callWhen), callWhen: head.callWhen };
}

/**
 * An interval kept inside the measurement's plausible range: the truth cannot lie outside it, so the part of a
 * (conformally widened) interval beyond it says nothing. The estimate itself is not moved: one outside the range
 * is refused by the boundary checks, never shown clipped.
 */
function withinRange(interval: [number, number], range: readonly [number, number] | undefined): [number, number] {
  if (!range) return interval;
  const lo = Math.min(Math.max(interval[0], range[0]), range[1]);
  const hi = Math.min(Math.max(interval[1], range[0]), range[1]);
  return [lo, hi];
}

/**
 * A ranking head's Monte Carlo values before recalibration: each sample's prompt estimate, the pooled neighbour
 * values, or (a 0/1 measurement reported as a probability) each sample's share of positive neighbours: pooled
 * 0/1 values would give the uninformative interval [0, 1] whenever the neighbours disagree.
 */
function rawRankingSamples(head: Extract<HeadSpec, { kind: 'prompt-regression' | 'knn' }>, g: Gaussian, z: Float64Array, samples: number, ctx: HeadContext, products?: SampleProducts): number[] {
  const d = ctx.dim;
  if (head.kind === 'prompt-regression') {
    const prompts = ctx.prompts.get(head.id) as Float32Array;
    const block = promptBlock(head.id);
    // Same estimates as promptEstimate on each row of z (prompt-kernel.ts prunes exactly).
    return promptEstimates(z, samples, g.mean, prompts, head.values, head.topFraction, d, products?.layout.offsets.has(block) ? { products, block } : undefined);
  }
  const lib = headLibrary(head, ctx);
  const values = lib.studies.map((s) => s.measurements[head.measurement] as number);
  // Interval: the neighbours' values pooled over the Monte Carlo samples (each sample a point query).
  const block = head.library === 'site' ? SITE_LIBRARY_BLOCK : LIBRARY_BLOCK;
  const sampleProducts = products?.layout.offsets.has(block) ? products : undefined;
  const share = head.output === 'probability';
  const pooled: number[] = [];
  for (const nn2 of knnSampled(z, samples, g.mean, lib, head.k, d, { products: sampleProducts, block, ordered: false })) {
    if (share) pooled.push(nn2.reduce((a, j) => a + (values[j] as number), 0) / nn2.length);
    else for (const j of nn2) pooled.push(values[j] as number);
  }
  return pooled;
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
