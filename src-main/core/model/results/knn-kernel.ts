/**
 * kNN over the library for every Monte Carlo sample of one record (the knn head's interval), exact and fast.
 * The score of study j for a point sample z is ||z - mu_j||^2 + sumExp_j, which ranks like
 * c_j - 2 z . mu_j with c_j = ||mu_j||^2 + sumExp_j. `knnSampledReference` scans every study; `knnSampled`
 * prunes with rank-basis.ts and scores the survivors with the same formula, so both return the same lists.
 */
import { type RowBasis, bounds, dot, projectSamples, rowBasis, rowOffsets, scratch, selectBest, survivors } from './rank-basis';
import { candidateScratch, LIBRARY_BLOCK, productCandidates, type SampleProducts } from './row-products';

/** The library as the heads hold it (pack means [N x D] and sum(exp(logvar)) per study). */
export interface KnnLibrary {
  studies: unknown[];
  means: Float32Array;
  sumExp: Float64Array;
}

interface KnnPack {
  means: Float64Array;
  c: Float64Array;
  maxC: number;
  /** Built on first use: the matrix-product path never needs it (measured: 0.14 s for the reference library). */
  basis?: RowBasis;
}

/** Basis directions for the library (measured on the reference pack: 8 and 16 tie, 32 is slower). */
export const KNN_BASIS_DIMS = 8;

const packs = new WeakMap<Float32Array, KnnPack>();

function knnPack(lib: KnnLibrary, dim: number): KnnPack {
  let p = packs.get(lib.means);
  if (!p) {
    const n = lib.studies.length;
    const means = Float64Array.from(lib.means);
    const c = Float64Array.from({ length: n }, (_, j) => dot(means, j * dim, means, j * dim, dim) + (lib.sumExp[j] as number));
    let maxC = 0;
    for (let j = 0; j < n; j++) maxC = Math.max(maxC, Math.abs(c[j] as number));
    p = { means, c, maxC };
    packs.set(lib.means, p);
  }
  return p;
}

function knnBasis(p: KnnPack, n: number, dim: number): RowBasis {
  p.basis ??= rowBasis(p.means, n, dim, KNN_BASIS_DIMS);
  return p.basis;
}

/** c_j - 2 z_s . mu_j, one accumulator in index order: the reference's rounding, shared by both paths. */
function exactScore(z: Float64Array, zo: number, means: Float64Array, j: number, c: Float64Array, dim: number): number {
  const b = j * dim;
  let s = 0;
  for (let t = 0; t < dim; t++) s += (z[zo + t] as number) * (means[b + t] as number);
  return (c[j] as number) - 2 * s;
}

/** Full scan: every study scored for every sample (the straightforward implementation, kept for tests and benches). */
export function knnSampledReference(z: Float64Array, samples: number, lib: KnnLibrary, k: number, dim: number): number[][] {
  const { means, c } = knnPack(lib, dim);
  const n = lib.studies.length;
  const all = Int32Array.from({ length: n }, (_, j) => j);
  const score = new Float64Array(n);
  const out: number[][] = [];
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < n; j++) score[j] = exactScore(z, s * dim, means, j, c, dim);
    out.push(selectBest(all, score, n, k, true));
  }
  return out;
}

/** Statistics of the last pruned runs (how many studies were scored exactly), for the bench. */
export const knnKernelStats = { samples: 0, exact: 0 };

/** Writes the studies sample s must score exactly to `cand` (increasing index) and returns how many. */
type KnnCandidates = (s: number, cand: Int32Array) => number;

export interface KnnOptions {
  /** false: every study scored (blocked full scan). Default true. */
  prune?: boolean;
  /** The samples' matrix products (row-products.ts): candidates from their far tighter bounds. */
  products?: SampleProducts;
  /** Which block of the products holds this library's rows (default the pack library's). */
  block?: string;
  /**
   * false: each list is the right set of studies but in increasing index order, not best first (the interval
   * pools the neighbours' values, so order does not matter there); when the bounds alone settle the set, no
   * study is scored exactly. Default true.
   */
  ordered?: boolean;
}

/**
 * The k nearest studies (best first, ties by index) of each sample z_s = row s of `z` ([samples x D]),
 * `mu` the record's mean: the same lists as knnSampledReference. The candidates come from the basis bounds
 * (rank-basis.ts), or, with `products` (row-products.ts), from the matrix product's far tighter bounds, so
 * only a few studies per sample are scored exactly.
 */
export function knnSampled(z: Float64Array, samples: number, mu: ArrayLike<number>, lib: KnnLibrary, k: number, dim: number, opts: KnnOptions = {}): number[][] {
  const { prune = true, products, ordered = true } = opts;
  const pack = knnPack(lib, dim);
  const { means, c } = pack;
  const n = lib.studies.length;
  if (products) {
    const w = candidateScratch(n, k);
    const rowNorm = products.layout.maxRowNorm;
    return scanStudies(z, samples, pack, n, k, dim, ordered, (s, cand) => {
      // Rounding of the bounds' own arithmetic, far below the product's error bound.
      const tol = 1e-9 * (pack.maxC + 2 * (products.zNorm[s] as number) * rowNorm);
      // Tight enough that scoring the k best first would not pay (measured).
      return productCandidates(products, opts.block ?? LIBRARY_BLOCK, n, s, c, -2, tol, k, cand, w);
    });
  }
  if (!prune) return scanStudies(z, samples, pack, n, k, dim, true, (_s, cand) => fillAll(cand, n), false);
  const basis = knnBasis(pack, n, dim);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const scr = scratch(k);
  const off = rowOffsets(basis, means, mu);
  const { proj, perp, zNorm } = projectSamples(basis, z, samples, mu);
  let muNorm = 0;
  for (let t = 0; t < dim; t++) muNorm += (mu[t] as number) ** 2;
  muNorm = Math.sqrt(muNorm);
  // Approximate scores omit -2 z . centre (common to every study); A_j = c_j - 2 (off_j + coords_j . proj_s).
  const base = Float64Array.from({ length: n }, (_, j) => (c[j] as number) - 2 * (off[j] as number));
  return scanStudies(z, samples, pack, n, k, dim, ordered, (s, cand) => {
    // Rounding in both the reference and the approximation stays far below 1e-9 of the scores' scale.
    const tol = 1e-9 * (pack.maxC + 2 * ((zNorm[s] as number) + muNorm + basis.maxRowNorm) * basis.maxRowNorm);
    bounds(basis, base, -2, proj, s, 2 * (perp[s] as number), tol, lo, hi);
    // The bounds omit -2 z . centre (the same for every study).
    const shift = -2 * dot(z, s * dim, basis.center, 0, dim);
    return survivors(lo, hi, n, k, shift, (r, cnt, o) => exactRows(z, s * dim, means, r, cnt, c, dim, o), cand, scr);
  });
}

function fillAll(cand: Int32Array, n: number): number {
  for (let j = 0; j < n; j++) cand[j] = j;
  return n;
}

/**
 * Per sample: the candidate studies scored with the reference's formula, then the k best of them. Unordered,
 * exactly k candidates are the k best (every other study is strictly worse), so nothing is scored.
 */
function scanStudies(z: Float64Array, samples: number, pack: KnnPack, n: number, k: number, dim: number, ordered: boolean, candidates: KnnCandidates, count = true): number[][] {
  const cand = new Int32Array(n);
  const exact = new Float64Array(n);
  const out: number[][] = [];
  for (let s = 0; s < samples; s++) {
    const m = candidates(s, cand);
    if (!ordered && m <= k) {
      if (count) knnKernelStats.samples++;
      out.push(Array.from(cand.subarray(0, m)));
      continue;
    }
    exactRows(z, s * dim, pack.means, cand, m, pack.c, dim, exact);
    if (count) {
      knnKernelStats.samples++;
      knnKernelStats.exact += m;
    }
    out.push(selectBest(cand, exact, m, k, true));
  }
  return out;
}

/**
 * Exact scores c_j - 2 z . mu_j of one sample for the listed studies, four studies per pass over the sample
 * (each sample value read once for four products); every dot product still sums in index order with one
 * accumulator, the reference's rounding.
 */
function exactRows(z: Float64Array, zo: number, means: Float64Array, rows: Int32Array, count: number, c: Float64Array, dim: number, out: Float64Array): void {
  let r = 0;
  for (; r + 3 < count; r += 4) {
    const j0 = rows[r] as number;
    const j1 = rows[r + 1] as number;
    const j2 = rows[r + 2] as number;
    const j3 = rows[r + 3] as number;
    const b0 = j0 * dim;
    const b1 = j1 * dim;
    const b2 = j2 * dim;
    const b3 = j3 * dim;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let t = 0; t < dim; t++) {
      const x = z[zo + t] as number;
      d0 += x * (means[b0 + t] as number);
      d1 += x * (means[b1 + t] as number);
      d2 += x * (means[b2 + t] as number);
      d3 += x * (means[b3 + t] as number);
    }
    out[r] = (c[j0] as number) - 2 * d0;
    out[r + 1] = (c[j1] as number) - 2 * d1;
    out[r + 2] = (c[j2] as number) - 2 * d2;
    out[r + 3] = (c[j3] as number) - 2 * d3;
  }
  for (; r < count; r++) out[r] = exactScore(z, zo, means, rows[r] as number, c, dim);
}

