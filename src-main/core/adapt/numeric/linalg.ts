/**
 * Small dense linear algebra in float64 for the site-adaptation solvers (ridge, logistic Newton steps).
 *
 * Hand-written on purpose: the problems are one Gram matrix of at most ~513 x 513 and its Cholesky factor,
 * which a blocked loop over Float64Array does in well under a second. The npm matrix libraries we looked at
 * (ml-matrix and its kin) hold matrices as arrays of JavaScript number arrays and would add a dependency
 * for a few short, well-known routines (the Cholesky pair is shared: core/numeric/cholesky.ts); these are checked against scikit-learn's solutions
 * (tests/unit/core/adapt/sklearn-reference.test.ts, reference values from models/tools/make_adapt_reference.py).
 */
import { CoreError } from '../../errors';
import { choleskyFactor, choleskySolve } from '../../numeric/cholesky';

/** Row-major [n x d] design matrix with the number of rows and columns. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/**
 * A^T diag(w) A for the rows of A (w = 1 when absent), as a full symmetric [d x d] matrix. Rows are
 * accumulated into the upper triangle, which is mirrored at the end.
 */
export function gram(a: Matrix, w?: Float64Array, rows?: ArrayLike<number>): Float64Array {
  const d = a.cols;
  const g = new Float64Array(d * d);
  const x = a.data;
  const n = rows ? rows.length : a.rows;
  for (let r = 0; r < n; r++) {
    const i = rows ? (rows[r] as number) : r;
    const wi = w ? (w[i] as number) : 1;
    if (wi === 0) continue;
    const o = i * d;
    for (let p = 0; p < d; p++) {
      const xp = (x[o + p] as number) * wi;
      if (xp === 0) continue;
      const gp = p * d;
      for (let q = p; q < d; q++) g[gp + q] = (g[gp + q] as number) + xp * (x[o + q] as number);
    }
  }
  for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) g[q * d + p] = g[p * d + q] as number;
  return g;
}

/** A^T diag(w) y for the rows of A. */
export function gramVector(a: Matrix, y: ArrayLike<number>, w?: Float64Array, rows?: ArrayLike<number>): Float64Array {
  const d = a.cols;
  const out = new Float64Array(d);
  const n = rows ? rows.length : a.rows;
  for (let r = 0; r < n; r++) {
    const i = rows ? (rows[r] as number) : r;
    const yi = (y[i] as number) * (w ? (w[i] as number) : 1);
    if (yi === 0) continue;
    const o = i * d;
    for (let p = 0; p < d; p++) out[p] = (out[p] as number) + yi * (a.data[o + p] as number);
  }
  return out;
}

/**
 * Cholesky factor L of a symmetric positive definite matrix (core/numeric/cholesky.ts); INTERNAL when the
 * matrix is not positive definite (the callers always add a positive ridge, so this means non-finite input).
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = choleskyFactor(a, n);
  if (!l) throw new CoreError('INTERNAL', 'A matrix in the adaptation solver is not positive definite.');
  return l;
}

export { choleskySolve };

/** x . y over n entries. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

/** out = A v (A [rows x cols], v [cols]) for the listed rows (all when absent); out has one entry per listed row. */
export function matVec(a: Matrix, v: ArrayLike<number>, rows?: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = rows ? rows.length : a.rows;
  const d = a.cols;
  const res = out ?? new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const o = (rows ? (rows[r] as number) : r) * d;
    let s = 0;
    for (let p = 0; p < d; p++) s += (a.data[o + p] as number) * (v[p] as number);
    res[r] = s;
  }
  return res;
}

/** out = A^T u over the listed rows (u has one entry per listed row). */
export function matTVec(a: Matrix, u: ArrayLike<number>, rows?: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = rows ? rows.length : a.rows;
  const d = a.cols;
  const res = out ?? new Float64Array(d);
  res.fill(0);
  for (let r = 0; r < n; r++) {
    const ur = u[r] as number;
    if (ur === 0) continue;
    const o = (rows ? (rows[r] as number) : r) * d;
    for (let p = 0; p < d; p++) res[p] = (res[p] as number) + ur * (a.data[o + p] as number);
  }
  return res;
}
