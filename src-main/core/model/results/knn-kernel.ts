/**
 * kNN over the library for every Monte Carlo sample of one record (the knn head's interval), exact and fast.
 * The score of study j for a point sample z is ||z - mu_j||^2 + sumExp_j, which ranks like
 * c_j - 2 z . mu_j with c_j = ||mu_j||^2 + sumExp_j. `knnSampledReference` scans every study; `knnSampled`
 * prunes with rank-basis.ts and scores the survivors with the same formula, so both return the same lists.
 */
import { type RowBasis, dot, projectSamples, rowBasis, rowOffsets, selectBest, survivors } from './rank-basis';

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
  basis: RowBasis;
}

/** Basis directions for the library: its spectrum is one strong direction then flat, so a few suffice. */
export const KNN_BASIS_DIMS = 16;

const packs = new WeakMap<Float32Array, KnnPack>();

function knnPack(lib: KnnLibrary, dim: number): KnnPack {
  let p = packs.get(lib.means);
  if (!p) {
    const n = lib.studies.length;
    const means = Float64Array.from(lib.means);
    const c = Float64Array.from({ length: n }, (_, j) => dot(means, j * dim, means, j * dim, dim) + (lib.sumExp[j] as number));
    let maxC = 0;
    for (let j = 0; j < n; j++) maxC = Math.max(maxC, Math.abs(c[j] as number));
    p = { means, c, maxC, basis: rowBasis(means, n, dim, KNN_BASIS_DIMS) };
    packs.set(lib.means, p);
  }
  return p;
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

/**
 * The k nearest studies (best first, ties by index) of each sample z_s = row s of `z` ([samples x D]),
 * `mu` the record's mean: the same lists as knnSampledReference.
 */
export function knnSampled(z: Float64Array, samples: number, mu: ArrayLike<number>, lib: KnnLibrary, k: number, dim: number, prune = true): number[][] {
  const pack = knnPack(lib, dim);
  const { means, c, basis } = pack;
  const n = lib.studies.length;
  const p = basis.p;
  const off = rowOffsets(basis, means, mu);
  const { proj, perp, zNorm } = projectSamples(basis, z, samples, mu);
  let muNorm = 0;
  for (let t = 0; t < dim; t++) muNorm += (mu[t] as number) ** 2;
  muNorm = Math.sqrt(muNorm);
  // Approximate scores omit -2 z . centre (common to every study); A_j = c_j - 2 (off_j + coords_j . proj_s).
  const base = Float64Array.from({ length: n }, (_, j) => (c[j] as number) - 2 * (off[j] as number));
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const cand = new Int32Array(n);
  const union = new Int32Array(n);
  const inUnion = new Uint8Array(n);
  const exact = [0, 1, 2, 3].map(() => new Float64Array(n));
  const kth = new Float64Array(Math.max(1, k));
  const { coords, resid } = basis;
  const ps2 = new Float64Array(p);
  const out: number[][] = [];
  // Four samples at a time: each surviving study row is read once for the four exact dot products.
  for (let s0 = 0; s0 < samples; s0 += BLOCK) {
    const bs = Math.min(BLOCK, samples - s0);
    inUnion.fill(prune ? 0 : 1);
    for (let s = s0; s < s0 + bs && prune; s++) {
      // Rounding in both the reference and the approximation stays far below 1e-9 of the scores' scale.
      const tol = 1e-9 * (pack.maxC + 2 * ((zNorm[s] as number) + muNorm + basis.maxRowNorm) * basis.maxRowNorm);
      const ps = perp[s] as number;
      for (let i = 0; i < p; i++) ps2[i] = -2 * (proj[s * p + i] as number);
      for (let j = 0; j < n; j++) {
        let a = base[j] as number;
        const jo = j * p;
        for (let i = 0; i < p; i++) a += (coords[jo + i] as number) * (ps2[i] as number);
        const approx = a;
        const err = 2 * ps * (resid[j] as number) + tol;
        lo[j] = approx - err;
        hi[j] = approx + err;
      }
      const m = survivors(lo, hi, n, k, cand, kth);
      for (let i = 0; i < m; i++) inUnion[cand[i] as number] = 1;
    }
    let u = 0;
    for (let j = 0; j < n; j++) if (inUnion[j] === 1) union[u++] = j;
    exactBlock(z, s0, bs, means, union, u, c, dim, exact);
    knnKernelStats.samples += bs;
    knnKernelStats.exact += u * bs;
    // Selecting over the union (a superset of each sample's survivors) with exact scores gives the same k.
    for (let i = 0; i < bs; i++) out.push(selectBest(union, exact[i] as Float64Array, u, k, true));
  }
  return out;
}

const BLOCK = 4;

/**
 * Exact scores c_j - 2 z_s . mu_j of samples s0..s0+bs-1 for the listed studies, four samples per pass over a
 * study row; each dot product still sums in index order with one accumulator (the reference's rounding).
 */
function exactBlock(z: Float64Array, s0: number, bs: number, means: Float64Array, rows: Int32Array, count: number, c: Float64Array, dim: number, out: Float64Array[]): void {
  const o0 = s0 * dim;
  const o1 = (s0 + Math.min(1, bs - 1)) * dim;
  const o2 = (s0 + Math.min(2, bs - 1)) * dim;
  const o3 = (s0 + Math.min(3, bs - 1)) * dim;
  const e0 = out[0] as Float64Array;
  const e1 = out[1] as Float64Array;
  const e2 = out[2] as Float64Array;
  const e3 = out[3] as Float64Array;
  for (let r = 0; r < count; r++) {
    const j = rows[r] as number;
    const b = j * dim;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let t = 0; t < dim; t++) {
      const w = means[b + t] as number;
      d0 += (z[o0 + t] as number) * w;
      d1 += (z[o1 + t] as number) * w;
      d2 += (z[o2 + t] as number) * w;
      d3 += (z[o3 + t] as number) * w;
    }
    const cj = c[j] as number;
    e0[r] = cj - 2 * d0;
    e1[r] = cj - 2 * d1;
    e2[r] = cj - 2 * d2;
    e3[r] = cj - 2 * d3;
  }
}
