/**
 * Has the ECG changed beyond what the model itself is unsure of? A test on the distance between two ECGs'
 * Gaussian embeddings, scaled by the variances the model reports for each (definition in
 * src-main/core/model/README.md, "Change between two ECGs").
 *
 * Each ECG is N(mu, diag(sigma^2)). If nothing changed, both Gaussians describe one embedding e, and by the
 * model's own account the difference of the means, mu_a - mu_b, is what its reported spread allows around 0:
 * N(0, S) with S = diag(sigma_a^2 + sigma_b^2). On k fixed directions P (k x D, orthonormal rows), the squared
 * Mahalanobis distance D2 = d^T (P S P^T)^-1 d with d = P (mu_a - mu_b) is then chi-square with k degrees of
 * freedom; "changed" is D2 above its `level` quantile (p < 1 - level).
 *
 * The directions: the principal directions of the pack's echo library means that together hold `variance` of
 * their spread (at most MAX_DIRECTIONS): the directions along which echo studies differ from one another.
 * Testing all D dimensions would add hundreds of directions in which echo studies never differ and bury any
 * real change (with the reference pack no pair of ECGs, however different, passes the full 512-d test). The
 * directions are fixed per pack, never chosen from the two ECGs, so the test keeps its level whichever they are.
 * Without a library: the logistic heads' weight vectors; without those, every dimension.
 */
import { rowBasis } from './rank-basis';
import { chiSquareQuantile, chiSquareSf } from './chi-square';
import { choleskyFactor, choleskySolve } from '../../numeric/cholesky';
import type { Gaussian } from './gaussian';

/** Most principal directions the test uses. */
export const MAX_DIRECTIONS = 16;

/** Fixed directions the change is measured on. */
export interface ChangeBasis {
  kind: 'library' | 'heads' | 'full';
  dim: number;
  /** k x dim, orthonormal rows; null for 'full' (the identity). */
  directions: Float64Array | null;
  k: number;
  /** Share of the library's spread the directions hold ('library' only). */
  explained: number | null;
}

/** What the comparison of two ECGs' embeddings found. */
export interface EmbeddingChange {
  basis: ChangeBasis['kind'];
  /** Degrees of freedom of the test: the number of directions. */
  dimensions: number;
  explainedVariance: number | null;
  /** ||mu_a - mu_b|| (whole space). */
  meanShift: number;
  /** sqrt(sum sigma_a^2 + sigma_b^2): the spread the model reports for the pair (whole space). */
  modelSpread: number;
  /** Closed-form sampled distance ||mu_a - mu_b||^2 + sum(sigma_a^2 + sigma_b^2), as the retrieval uses. */
  csd: number;
  /** D2 on the directions. */
  statistic: number;
  /** chi-square(k) quantile at `level`: D2 above it is a change. */
  threshold: number;
  pValue: number;
  level: number;
  /** sqrt(D2 / threshold): below 1 within the model's own uncertainty, above 1 beyond it. */
  ratio: number;
  changed: boolean;
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); eigenvalues descending, vectors as rows. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (m[p * n + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((m[q * n + q] as number) - (m[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p] as number;
          const mkq = m[k * n + q] as number;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k] as number;
          const mqk = m[q * n + k] as number;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vpk = v[p * n + k] as number;
          const vqk = v[q * n + k] as number;
          v[p * n + k] = c * vpk - s * vqk;
          v[q * n + k] = s * vpk + c * vqk;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (m[y * n + y] as number) - (m[x * n + x] as number));
  const values = Float64Array.from(order, (i) => m[i * n + i] as number);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => vectors.set(v.subarray(i * n, i * n + n), r * n));
  return { values, vectors };
}

/** The library's leading principal directions holding `variance` of its spread (subspace iteration, Rayleigh-Ritz). */
export function libraryBasis(means: Float32Array, n: number, dim: number, variance = 0.95): ChangeBasis {
  const rows = Float64Array.from(means);
  const rb = rowBasis(rows, n, dim, Math.min(MAX_DIRECTIONS, n - 1, dim), 8);
  let total = 0;
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < dim; t++) {
      const d = (rows[j * dim + t] as number) - (rb.center[t] as number);
      total += d * d;
    }
  }
  const p = rb.p;
  const gram = new Float64Array(p * p);
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) gram[a * p + b] = (gram[a * p + b] as number) + (rb.coords[j * p + a] as number) * (rb.coords[j * p + b] as number);
  }
  const eig = symmetricEigen(gram, p);
  let k = 0;
  let held = 0;
  while (k < p && (k === 0 || held < variance * total)) held += Math.max(0, eig.values[k++] as number);
  const directions = new Float64Array(k * dim);
  for (let r = 0; r < k; r++) {
    for (let a = 0; a < p; a++) {
      const w = eig.vectors[r * p + a] as number;
      for (let t = 0; t < dim; t++) directions[r * dim + t] = (directions[r * dim + t] as number) + w * (rb.q[a * dim + t] as number);
    }
  }
  return { kind: 'library', dim, directions, k, explained: total > 0 ? held / total : null };
}

/** Orthonormal rows spanning the given vectors (Gram-Schmidt; dependent ones dropped). */
export function vectorsBasis(vectors: ArrayLike<number>[], dim: number): ChangeBasis {
  const rows: Float64Array[] = [];
  for (const v of vectors) {
    const r = Float64Array.from(v);
    for (const q of rows) {
      let dot = 0;
      for (let t = 0; t < dim; t++) dot += (r[t] as number) * (q[t] as number);
      for (let t = 0; t < dim; t++) r[t] = (r[t] as number) - dot * (q[t] as number);
    }
    const norm = Math.hypot(...r);
    if (norm > 1e-9) rows.push(r.map((x) => x / norm));
  }
  if (rows.length === 0) return fullBasis(dim);
  const directions = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => directions.set(r, i * dim));
  return { kind: 'heads', dim, directions, k: rows.length, explained: null };
}

export const fullBasis = (dim: number): ChangeBasis => ({ kind: 'full', dim, directions: null, k: dim, explained: null });

/** Solves M x = b for a symmetric positive definite M (Cholesky); null when M is not positive definite. */
function solveSpd(m: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = choleskyFactor(m, n);
  return l && choleskySolve(l, b, n);
}

/** The change test between two Gaussian embeddings on `basis` (see the file comment). */
export function embeddingChange(a: Gaussian, b: Gaussian, basis: ChangeBasis, level = 0.95): EmbeddingChange {
  const dim = basis.dim;
  const delta = new Float64Array(dim);
  const spread = new Float64Array(dim);
  let shift = 0;
  let noise = 0;
  for (let t = 0; t < dim; t++) {
    const d = (a.mean[t] as number) - (b.mean[t] as number);
    const s = Math.exp(a.logvar[t] as number) + Math.exp(b.logvar[t] as number);
    delta[t] = d;
    spread[t] = s;
    shift += d * d;
    noise += s;
  }
  let statistic = 0;
  const k = basis.k;
  if (!basis.directions) {
    for (let t = 0; t < dim; t++) statistic += ((delta[t] as number) * (delta[t] as number)) / (spread[t] as number);
  } else {
    const p = basis.directions;
    const d = new Float64Array(k);
    const m = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += (p[i * dim + t] as number) * (delta[t] as number);
      d[i] = s;
      for (let j = 0; j <= i; j++) {
        let c = 0;
        for (let t = 0; t < dim; t++) c += (p[i * dim + t] as number) * (p[j * dim + t] as number) * (spread[t] as number);
        m[i * k + j] = c;
        m[j * k + i] = c;
      }
    }
    const x = solveSpd(m, d, k);
    if (!x) throw new RangeError('the model reported no spread along the change directions');
    for (let i = 0; i < k; i++) statistic += (d[i] as number) * (x[i] as number);
  }
  const threshold = chiSquareQuantile(level, k);
  return {
    basis: basis.kind,
    dimensions: k,
    explainedVariance: basis.explained,
    meanShift: Math.sqrt(shift),
    modelSpread: Math.sqrt(noise),
    csd: shift + noise,
    statistic,
    threshold,
    pValue: chiSquareSf(statistic, k),
    level,
    ratio: Math.sqrt(statistic / threshold),
    changed: statistic > threshold,
  };
}
