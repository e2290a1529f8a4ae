/**
 * Ridge regression with an unpenalised intercept, solved through the Cholesky factor of the normal equations
 * (X^T X + lambda P) beta = X^T y, P = diag(0, 1, ..., 1) (column 0 of X is the intercept). The Gram matrix is
 * additive over rows, so k-fold cross-validation subtracts each fold's Gram from the total instead of
 * rebuilding it: one pass over the data for every fold and every lambda. Equals scikit-learn's
 * Ridge(alpha = lambda, fit_intercept = True) (tests/unit/core/adapt/sklearn-reference.test.ts).
 */
import { type Matrix, cholesky, choleskySolve, gram, gramVector } from './linalg';

/** Sufficient statistics of a set of rows: X^T X and X^T y. */
export interface RidgeStats {
  g: Float64Array;
  b: Float64Array;
  d: number;
}

export function ridgeStats(x: Matrix, y: ArrayLike<number>, rows?: ArrayLike<number>): RidgeStats {
  return { g: gram(x, undefined, rows), b: gramVector(x, y, undefined, rows), d: x.cols };
}

/** total - part (the statistics of the rows outside a fold). */
export function subtractStats(total: RidgeStats, part: RidgeStats): RidgeStats {
  return { g: total.g.map((v, i) => v - (part.g[i] as number)), b: total.b.map((v, i) => v - (part.b[i] as number)), d: total.d };
}

export function addStats(parts: RidgeStats[]): RidgeStats {
  const first = parts[0] as RidgeStats;
  const g = new Float64Array(first.g.length);
  const b = new Float64Array(first.b.length);
  for (const p of parts) {
    for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) + (p.g[i] as number);
    for (let i = 0; i < b.length; i++) b[i] = (b[i] as number) + (p.b[i] as number);
  }
  return { g, b, d: first.d };
}

/** The coefficients (intercept first) for one lambda > 0. */
export function solveRidge(s: RidgeStats, lambda: number): Float64Array {
  const d = s.d;
  const a = Float64Array.from(s.g);
  for (let j = 1; j < d; j++) a[j * d + j] = (a[j * d + j] as number) + lambda;
  // The intercept's diagonal is the row count: positive whenever there are rows.
  return choleskySolve(cholesky(a, d), s.b, d);
}

/**
 * The same ridge solution through the dual (kernel) form, for fewer rows than columns (few-shot fits):
 * w = Xc^T (Xc Xc^T + lambda I)^-1 yc and b = mean(y) - mean(x) . w, with Xc, yc centred over the rows. The
 * n x n kernel is made once; each lambda costs one n^3 / 6 Cholesky instead of a d^3 / 6 one.
 */
export function ridgeDual(x: Matrix, y: ArrayLike<number>, rows: ArrayLike<number>): (lambda: number) => Float64Array {
  const d = x.cols;
  const p = d - 1;
  const n = rows.length;
  const mean = new Float64Array(p);
  let ybar = 0;
  for (let r = 0; r < n; r++) {
    const o = (rows[r] as number) * d;
    for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (x.data[o + 1 + j] as number);
    ybar += y[rows[r] as number] as number;
  }
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / n;
  ybar /= n;
  const xc = new Float64Array(n * p);
  const yc = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const o = (rows[r] as number) * d;
    for (let j = 0; j < p; j++) xc[r * p + j] = (x.data[o + 1 + j] as number) - (mean[j] as number);
    yc[r] = (y[rows[r] as number] as number) - ybar;
  }
  const kernel = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += (xc[a * p + j] as number) * (xc[b * p + j] as number);
      kernel[a * n + b] = s;
      kernel[b * n + a] = s;
    }
  }
  return (lambda: number) => {
    const a = Float64Array.from(kernel);
    for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i] as number) + lambda;
    const alpha = choleskySolve(cholesky(a, n), yc, n);
    const beta = new Float64Array(d);
    let b = ybar;
    for (let j = 0; j < p; j++) {
      let w = 0;
      for (let r = 0; r < n; r++) w += (xc[r * p + j] as number) * (alpha[r] as number);
      beta[j + 1] = w;
      b -= (mean[j] as number) * w;
    }
    beta[0] = b;
    return beta;
  };
}
