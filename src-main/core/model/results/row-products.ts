/**
 * Products of every Monte Carlo sample with every row the heads rank (library means, prompt embeddings),
 * computed by one float32 matrix product per batch (onnxruntime's, engine/matmul-graph.ts) with a rigorous
 * error bound per product. The kNN and prompt kernels use them only to decide which rows could still be among
 * a sample's best; those few are then scored with the reference's float64 formula, so the selected rows, and
 * every output, are exactly the reference's (knn-kernel.ts, prompt-kernel.ts). This replaces D multiply-adds
 * per row and sample in JavaScript with a blocked, vectorised product (measured: bench/head-kernels.ts).
 */
import type { MatrixProduct } from '../engine/types';
import type { PackManifest } from '../pack/manifest';
import type { HeadContext } from './heads';
import { dotRows as dot } from './stats';

/** The rows of every ranked head, concatenated, with where each head's block starts. */
export interface RowLayout {
  rows: Float32Array;
  total: number;
  dim: number;
  offsets: Map<string, number>;
  /** ||row_j|| in float64. */
  rowNorms: Float64Array;
  /** max_j ||row_j||, for the callers' rounding tolerances. */
  maxRowNorm: number;
}

/** Layout key of the library (kNN heads share it), of the site library (schema 2) and of a prompt head. */
export const LIBRARY_BLOCK = 'library';
export const SITE_LIBRARY_BLOCK = 'site-library';
export const promptBlock = (headId: string): string => `prompt:${headId}`;

/** The rows a pack's ranking heads score every sample against: the library (kNN heads) and each prompt head's prompts. */
export function rankedRows(manifest: PackManifest, ctx: Pick<HeadContext, 'prompts' | 'library' | 'siteLibrary'>): { key: string; rows: Float32Array }[] {
  const blocks: { key: string; rows: Float32Array }[] = [];
  if (ctx.library && manifest.heads.some((h) => h.kind === 'knn' && h.library !== 'site')) blocks.push({ key: LIBRARY_BLOCK, rows: ctx.library.means });
  if (ctx.siteLibrary && manifest.heads.some((h) => h.kind === 'knn' && h.library === 'site')) blocks.push({ key: SITE_LIBRARY_BLOCK, rows: ctx.siteLibrary.means });
  for (const h of manifest.heads) {
    const p = h.kind === 'prompt-regression' ? ctx.prompts.get(h.id) : undefined;
    if (p) blocks.push({ key: promptBlock(h.id), rows: p });
  }
  return blocks;
}

export function rowLayout(blocks: { key: string; rows: Float32Array }[], dim: number): RowLayout {
  const total = blocks.reduce((a, b) => a + b.rows.length / dim, 0);
  const rows = new Float32Array(total * dim);
  const offsets = new Map<string, number>();
  let at = 0;
  for (const b of blocks) {
    offsets.set(b.key, at);
    rows.set(b.rows, at * dim);
    at += b.rows.length / dim;
  }
  const r64 = Float64Array.from(rows);
  const rowNorms = Float64Array.from({ length: total }, (_, j) => Math.sqrt(dot(r64, j * dim, r64, j * dim, dim)));
  return { rows, total, dim, offsets, rowNorms, maxRowNorm: rowNorms.reduce((a, v) => Math.max(a, v), 0) };
}

/**
 * |float32 product - float64 reference dot| <= PRODUCT_ERROR(dim) * ||z|| * ||row||: rounding z to float32
 * (u = 2^-24 per element), any-order float32 accumulation of dim products (gamma_dim, FMA or not), and the
 * reference's own float64 rounding, each bounded by Cauchy-Schwarz; 1 % headroom for the first-order terms.
 */
export const productError = (dim: number): number => 1.01 * ((dim + 2) * 2 ** -24 + (dim + 2) * 2 ** -53);

/** One record's products: [samples x total] approximations and the sample norms their error bound scales with. */
export interface SampleProducts {
  layout: RowLayout;
  values: Float32Array;
  /** ||z_s|| in float64: |values[s, j] - z_s . row_j| <= productError(dim) * zNorm[s] * rowNorms[j]. */
  zNorm: Float64Array;
}

/**
 * Products for several records' samples in one matrix product: zs[r] is record r's [samples x dim] float64
 * samples. Returns one SampleProducts per record.
 */
export async function sampleProducts(product: MatrixProduct, layout: RowLayout, zs: Float64Array[], samples: number): Promise<SampleProducts[]> {
  const { dim, total } = layout;
  const x = new Float32Array(zs.length * samples * dim);
  // One pass per sample: its float32 copy for the product and its norm for the bound (any summation order
  // will do for the norm: the bound has 1 % headroom).
  const norms = zs.map((z, r) => {
    const zNorm = new Float64Array(samples);
    const base = r * samples * dim;
    for (let s = 0; s < samples; s++) {
      let acc = 0;
      for (let t = s * dim, end = t + dim; t < end; t++) {
        const v = z[t] as number;
        x[base + t] = v;
        acc += v * v;
      }
      zNorm[s] = Math.sqrt(acc);
    }
    return zNorm;
  });
  const y = await product.run(x, zs.length * samples);
  if (y.length !== zs.length * samples * total) throw new Error('matrix product returned a wrong size');
  return norms.map((zNorm, r) => ({ layout, values: y.subarray(r * samples * total, (r + 1) * samples * total), zNorm }));
}

/** Work arrays of productCandidates, sized for n rows and k best. */
export interface CandidateScratch {
  lo: Float64Array;
  kth: Float64Array;
}

export const candidateScratch = (n: number, k: number): CandidateScratch => ({ lo: new Float64Array(n), kth: new Float64Array(Math.max(1, k)) });

/**
 * The rows of one block that could be among the `k` smallest of base_j + sign * (z_s . row_j) for sample
 * `s`, written to `cand` in increasing index order; returns how many. From the products' intervals
 * [a_j - e_j, a_j + e_j] (e_j the error bound widened by `tol` for this arithmetic's own rounding): the k-th
 * smallest upper end t is at least the true k-th best, so a row whose lower end exceeds t is beaten by k rows
 * whatever its exact score. One pass for the intervals and the k-th upper end (k is small), one to collect.
 */
export function productCandidates(p: SampleProducts, key: string, n: number, s: number, base: Float64Array | undefined, sign: number, tol: number, k: number, cand: Int32Array, w: CandidateScratch): number {
  const off = p.layout.offsets.get(key);
  if (off === undefined) throw new Error(`no products for ${key}`);
  const kk = Math.min(k, n);
  const { lo, kth } = w;
  const row = s * p.layout.total + off;
  const e0 = Math.abs(sign) * productError(p.layout.dim) * (p.zNorm[s] as number);
  const norms = p.layout.rowNorms;
  const values = p.values;
  let filled = 0;
  for (let j = 0; j < n; j++) {
    const a = (base === undefined ? 0 : (base[j] as number)) + sign * (values[row + j] as number);
    const e = e0 * (norms[off + j] as number) + tol;
    lo[j] = a - e;
    const h = a + e;
    if (filled === kk && h >= (kth[kk - 1] as number)) continue;
    let pos = filled < kk ? filled : kk - 1;
    while (pos > 0 && (kth[pos - 1] as number) > h) {
      kth[pos] = kth[pos - 1] as number;
      pos--;
    }
    kth[pos] = h;
    if (filled < kk) filled++;
  }
  const t = kth[kk - 1] as number;
  let m = 0;
  for (let j = 0; j < n; j++) if ((lo[j] as number) <= t) cand[m++] = j;
  return m;
}
