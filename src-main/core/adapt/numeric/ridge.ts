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
