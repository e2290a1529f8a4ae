/**
 * Exact pruning for the heads' Monte Carlo rankings (kNN over the library, prompt similarity).
 *
 * Each head ranks a pack's rows r_j (library means, prompt embeddings) against many samples z = mu + d of one
 * record. Against the rows' centre c, z . r_j = z . c + mu . (r_j - c) + d . (r_j - c), and z . c is the same
 * for every row, so the ranking only needs mu . (r_j - c) (once per record) and d . (r_j - c) (per sample).
 * A few orthonormal directions q_i of the centred rows (pivoted Gram-Schmidt, once per pack) give
 * d . (r_j - c) = sum_i (d . q_i) a_ji + d_perp . w_j with |d_perp . w_j| <= ||d_perp|| ||w_j|| (Cauchy-Schwarz),
 * an interval per row that costs p multiply-adds instead of D. Rows whose interval cannot reach the k best are
 * skipped; the survivors are scored with the reference formula (same summation order), so the selected rows
 * are exactly the reference's, ties included. When nothing prunes, every row is a survivor: the full scan.
 */
import { dotRows as dot } from './stats';

export { dot };

/** A few principal-ish directions of a pack's rows and each row's coordinates and residual norm on them. */
export interface RowBasis {
  n: number;
  dim: number;
  /** Directions actually built (fewer than asked when the rows span fewer). */
  p: number;
  center: Float64Array;
  /** [p x dim], orthonormal. */
  q: Float64Array;
  /** [n x p]: (r_j - c) . q_i. */
  coords: Float64Array;
  /** The same, transposed ([p x n]) for the per-sample bounds loop. */
  coordsT: Float64Array;
  /** Upper bound of ||(r_j - c) - sum_i coords_ji q_i||. */
  resid: Float64Array;
  /** max_j ||r_j||, for the rounding tolerance. */
  maxRowNorm: number;
}

/**
 * A few leading principal directions of the centred rows: pivoted Gram-Schmidt for a start, then subspace
 * iterations (any orthonormal set is correct; the better it fits the rows, the more the bounds prune).
 */
export function rowBasis(rows: Float64Array, n: number, dim: number, p: number, iterations = 12): RowBasis {
  const center = new Float64Array(dim);
  for (let j = 0; j < n; j++) for (let t = 0; t < dim; t++) center[t] = (center[t] as number) + (rows[j * dim + t] as number) / n;
  const w = new Float64Array(n * dim);
  let maxRowNorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const v = rows[j * dim + t] as number;
      s += v * v;
      w[j * dim + t] = v - (center[t] as number);
    }
    maxRowNorm = Math.max(maxRowNorm, Math.sqrt(s));
  }
  const cen = w.slice();
  let q = new Float64Array(p * dim);
  let built = 0;
  for (; built < p; built++) {
    let best = -1;
    let bestNorm = 0;
    for (let j = 0; j < n; j++) {
      const s = dot(w, j * dim, w, j * dim, dim);
      if (s > bestNorm) {
        bestNorm = s;
        best = j;
      }
    }
    if (best < 0 || bestNorm <= 1e-24) break;
    const o = built * dim;
    for (let t = 0; t < dim; t++) q[o + t] = w[best * dim + t] as number;
    if (!orthonormalise(q, built, dim)) break;
    for (let j = 0; j < n; j++) {
      const c = dot(w, j * dim, q, o, dim);
      for (let t = 0; t < dim; t++) w[j * dim + t] = (w[j * dim + t] as number) - c * (q[o + t] as number);
    }
  }
  // Subspace iteration: Q <- orth(Q C^T C).
  const y = new Float64Array(n * built);
  for (let it = 0; it < iterations && built > 0; it++) {
    for (let j = 0; j < n; j++) for (let i = 0; i < built; i++) y[j * built + i] = dot(cen, j * dim, q, i * dim, dim);
    const next = new Float64Array(built * dim);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < built; i++) {
        const c = y[j * built + i] as number;
        for (let t = 0; t < dim; t++) next[i * dim + t] = (next[i * dim + t] as number) + c * (cen[j * dim + t] as number);
      }
    }
    let ok = 0;
    for (let i = 0; i < built; i++) {
      if (ok !== i) next.copyWithin(ok * dim, i * dim, (i + 1) * dim);
      if (orthonormalise(next, ok, dim)) ok++;
    }
    if (ok === 0) break;
    built = ok;
    q = next;
  }
  const coords = new Float64Array(n * built);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < dim; t++) w[j * dim + t] = cen[j * dim + t] as number;
    for (let i = 0; i < built; i++) {
      const c = dot(cen, j * dim, q, i * dim, dim);
      coords[j * built + i] = c;
      for (let t = 0; t < dim; t++) w[j * dim + t] = (w[j * dim + t] as number) - c * (q[i * dim + t] as number);
    }
  }
  // Widened slightly: the residual vectors carry rounding from the subtractions above.
  const resid = Float64Array.from({ length: n }, (_, j) => Math.sqrt(dot(w, j * dim, w, j * dim, dim)) * (1 + 1e-9) + 1e-12 * maxRowNorm);
  const coordsT = new Float64Array(n * built);
  for (let j = 0; j < n; j++) for (let i = 0; i < built; i++) coordsT[i * n + j] = coords[j * built + i] as number;
  return { n, dim, p: built, center, q: q.slice(0, built * dim), coords, coordsT, resid, maxRowNorm };
}

/** Makes row `i` of `q` unit and orthogonal to rows 0..i-1 (Gram-Schmidt twice); false when it vanishes. */
function orthonormalise(q: Float64Array, i: number, dim: number): boolean {
  const o = i * dim;
  const before = Math.sqrt(dot(q, o, q, o, dim));
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < i; k++) {
      const c = dot(q, o, q, k * dim, dim);
      for (let t = 0; t < dim; t++) q[o + t] = (q[o + t] as number) - c * (q[k * dim + t] as number);
    }
  }
  const norm = Math.sqrt(dot(q, o, q, o, dim));
  if (!(norm > 1e-10 * before) || norm === 0) return false;
  for (let t = 0; t < dim; t++) q[o + t] = (q[o + t] as number) / norm;
  return true;
}

/** One record's samples on a basis: (z_s - mu) . q_i, the norm of the rest, and ||z_s||. */
export interface SampleProjection {
  /** [samples x p]. */
  proj: Float64Array;
  /** Upper bound of ||d_s - sum_i proj_si q_i||. */
  perp: Float64Array;
  zNorm: Float64Array;
}

export function projectSamples(b: RowBasis, z: Float64Array, samples: number, mu: ArrayLike<number>): SampleProjection {
  const { dim, p, q } = b;
  const proj = new Float64Array(samples * p);
  const perp = new Float64Array(samples);
  const zNorm = new Float64Array(samples);
  const d = new Float64Array(dim);
  for (let s = 0; s < samples; s++) {
    const o = s * dim;
    let dd = 0;
    let zz = 0;
    for (let t = 0; t < dim; t++) {
      const zt = z[o + t] as number;
      const v = zt - (mu[t] as number);
      d[t] = v;
      dd += v * v;
      zz += zt * zt;
    }
    let inBasis = 0;
    for (let i = 0; i < p; i++) {
      const c = dot(d, 0, q, i * dim, dim);
      proj[s * p + i] = c;
      inBasis += c * c;
    }
    // Cancellation in dd - inBasis is at most a few ulps of dd: widened by 1e-12 dd.
    perp[s] = Math.sqrt(Math.max(0, dd - inBasis) + 1e-12 * dd);
    zNorm[s] = Math.sqrt(zz);
  }
  return { proj, perp, zNorm };
}

/** mu . (r_j - c) for every row (once per record). */
export function rowOffsets(b: RowBasis, rows: Float64Array, mu: ArrayLike<number>): Float64Array {
  const { n, dim, center } = b;
  const m = Float64Array.from(mu as ArrayLike<number>);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (m[t] as number) * ((rows[j * dim + t] as number) - (center[t] as number));
    out[j] = s;
  }
  return out;
}

/**
 * Score intervals of every row for sample `s`: acc_j = base_j + sign * coords_j . proj_s, then
 * [acc_j - e_j, acc_j + e_j] with e_j = errScale * resid_j + tol (errScale = |sign| * perp_s).
 */
export function bounds(b: RowBasis, base: Float64Array, sign: number, proj: Float64Array, s: number, errScale: number, tol: number, lo: Float64Array, hi: Float64Array): void {
  const { n, p, coordsT, resid } = b;
  lo.set(base);
  // Row-contiguous inner loop over the rows (long, stride 1), one basis direction at a time.
  for (let i = 0; i < p; i++) {
    const c = sign * (proj[s * p + i] as number);
    const o = i * n;
    for (let j = 0; j < n; j++) lo[j] = (lo[j] as number) + (coordsT[o + j] as number) * c;
  }
  for (let j = 0; j < n; j++) {
    const a = lo[j] as number;
    const e = errScale * (resid[j] as number) + tol;
    lo[j] = a - e;
    hi[j] = a + e;
  }
}

/**
 * Rows that can still be among the `k` smallest of scores known only as intervals [lo_j, hi_j] (the
 * intervals omit a shift common to every row; `shift` adds it back). First the k rows with the smallest hi
 * are scored exactly (`score`, in the reference's scale); the largest of those, E, is at least the true k-th
 * best, so any row with lo_j + shift > E is beaten by k rows whatever its exact score (without `score`, the
 * k-th smallest hi plays E's part: cheaper when k is a large share of n). Writes the survivors
 * in increasing index order to `out` and returns how many.
 */
export function survivors(lo: Float64Array, hi: Float64Array, n: number, k: number, shift: number, score: ((rows: Int32Array, count: number, out: Float64Array) => void) | undefined, out: Int32Array, s: Scratch): number {
  const kk = Math.min(k, n);
  const { kth, kIdx, ex } = s;
  // k smallest hi values with their rows, ascending (insertion; k is small).
  let filled = 0;
  for (let j = 0; j < n; j++) {
    const v = hi[j] as number;
    if (filled === kk && v >= (kth[kk - 1] as number)) continue;
    let pos = filled < kk ? filled : kk - 1;
    while (pos > 0 && (kth[pos - 1] as number) > v) {
      kth[pos] = kth[pos - 1] as number;
      kIdx[pos] = kIdx[pos - 1] as number;
      pos--;
    }
    kth[pos] = v;
    kIdx[pos] = j;
    if (filled < kk) filled++;
  }
  // Without exact scores the k-th smallest hi bounds the k-th best (looser, free).
  let t = kth[kk - 1] as number;
  if (score) {
    score(kIdx, kk, ex);
    let e = -Infinity;
    for (let i = 0; i < kk; i++) e = Math.max(e, ex[i] as number);
    t = Math.min(t, e - shift);
  }
  let m = 0;
  for (let j = 0; j < n; j++) if ((lo[j] as number) <= t) out[m++] = j;
  return m;
}

/** Work arrays of `survivors`, sized for k. */
export interface Scratch {
  kth: Float64Array;
  kIdx: Int32Array;
  ex: Float64Array;
}

export const scratch = (k: number): Scratch => ({ kth: new Float64Array(Math.max(1, k)), kIdx: new Int32Array(Math.max(1, k)), ex: new Float64Array(Math.max(1, k)) });

/**
 * The `k` best of `count` candidates (indices in increasing order, exact scores in `score` by candidate
 * position), best first, ties by index: the same selection as heads.ts topIndices over all rows.
 */
export function selectBest(cand: Int32Array, score: Float64Array, count: number, k: number, ascending: boolean): number[] {
  const kk = Math.min(k, count);
  const idx: number[] = [];
  const val: number[] = [];
  for (let c = 0; c < count; c++) {
    const v = ascending ? (score[c] as number) : -(score[c] as number);
    if (idx.length === kk && v >= (val[kk - 1] as number)) continue;
    let pos = idx.length < kk ? idx.length : kk - 1;
    while (pos > 0 && (val[pos - 1] as number) > v) pos--;
    idx.splice(pos, 0, cand[c] as number);
    val.splice(pos, 0, v);
    if (idx.length > kk) {
      idx.pop();
      val.pop();
    }
  }
  return idx;
}

