/**
 * Cholesky factorisation and solve in float64, shared by the comparison's change test (model/results/change.ts)
 * and the site-adaptation solvers (adapt/numeric). Hand-written: the matrices are small (at most ~513 x 513),
 * a loop over a Float64Array does them in well under a second, and no npm matrix library keeps float64 rows
 * without boxing them into JavaScript arrays.
 */

/** Cholesky factor L (lower, row-major [n x n]) of a symmetric positive definite matrix; null when it is not (or not finite). */
export function choleskyFactor(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j] as number;
    const lj = j * n;
    for (let k = 0; k < j; k++) s -= (l[lj + k] as number) ** 2;
    if (!(s > 0) || !Number.isFinite(s)) return null;
    const d = Math.sqrt(s);
    l[lj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const li = i * n;
      let t = a[li + j] as number;
      for (let k = 0; k < j; k++) t -= (l[li + k] as number) * (l[lj + k] as number);
      l[li + j] = t / d;
    }
  }
  return l;
}

/** Solves L L^T x = b for the Cholesky factor L. */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    const li = i * n;
    for (let k = 0; k < i; k++) s -= (l[li + k] as number) * (y[k] as number);
    y[i] = s / (l[li + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}
