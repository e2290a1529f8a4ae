/**
 * L2-regularised logistic regression by Newton's method with conjugate-gradient steps (truncated Newton, as
 * scikit-learn's 'newton-cg' and liblinear's TRON). The Hessian is never formed: a Hessian-vector product is
 * two passes over the design matrix (2 n d multiply-adds), so a 512-dimensional fit on 14,000 ECGs costs a few
 * hundred such passes instead of n d^2 per Newton step. Hand-written (see linalg.ts for why); checked against
 * scikit-learn's LogisticRegression (tests/unit/core/adapt/sklearn-reference.test.ts).
 *
 * Objective: sum_i [log(1 + e^eta_i) - y_i eta_i] + (lambda / 2) sum_{j >= 1} beta_j^2, eta = X beta, where
 * column 0 of X is the intercept (never penalised). This is scikit-learn's objective with C = 1 / lambda.
 */
import type { Matrix } from './linalg';
import { cholesky, choleskySolve, matTVec, matVec } from './linalg';

export interface LogisticFit {
  beta: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** Rows of X (and y) to fit on; all when absent. */
  rows?: ArrayLike<number>;
  /** Warm start (e.g. the fit at the previous lambda of a path). */
  init?: Float64Array;
  /** Stop when max_j |gradient_j| <= tol * max(1, n) (default 1e-10). */
  tol?: number;
  maxIter?: number;
  /**
   * X^T X over the fitted rows ([d x d]): preconditions the conjugate gradients with c X^T X + lambda P
   * (c the mean logistic weight p (1 - p) at the first step), which is close to the Hessian when the weights
   * vary little, so a step takes a handful of Hessian products instead of hundreds on large, ill-conditioned
   * problems. The solution is the same with or without it.
   */
  gram?: Float64Array;
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Fits the model; y holds 0/1 per row of X (indexed like X's rows). */
export function fitLogistic(x: Matrix, y: ArrayLike<number>, lambda: number, opts: LogisticOptions = {}): LogisticFit {
  const d = x.cols;
  const rows = opts.rows;
  const n = rows ? rows.length : x.rows;
  const yy = new Float64Array(n);
  for (let r = 0; r < n; r++) yy[r] = y[rows ? (rows[r] as number) : r] as number;
  const tol = (opts.tol ?? 1e-10) * Math.max(1, n);
  const maxIter = opts.maxIter ?? 100;
  const beta = opts.init ? Float64Array.from(opts.init) : new Float64Array(d);
  const eta = new Float64Array(n);
  const p = new Float64Array(n);
  const w = new Float64Array(n);
  const resid = new Float64Array(n);
  const xv = new Float64Array(n);
  const hv = new Float64Array(d);
  const grad = new Float64Array(d);

  const objective = (b: Float64Array, etaOut: Float64Array): number => {
    matVec(x, b, rows, etaOut);
    let f = 0;
    for (let r = 0; r < n; r++) f += softplus(etaOut[r] as number) - (yy[r] as number) * (etaOut[r] as number);
    for (let j = 1; j < d; j++) f += 0.5 * lambda * (b[j] as number) ** 2;
    return f;
  };
  const hessVec = (v: Float64Array, out: Float64Array): Float64Array => {
    matVec(x, v, rows, xv);
    for (let r = 0; r < n; r++) xv[r] = (xv[r] as number) * (w[r] as number);
    matTVec(x, xv, rows, out);
    for (let j = 1; j < d; j++) out[j] = (out[j] as number) + lambda * (v[j] as number);
    return out;
  };

  let f = objective(beta, eta);
  let iterations = 0;
  let precondition: ((r: Float64Array) => Float64Array) | undefined;
  let converged = false;
  for (; iterations < maxIter; iterations++) {
    for (let r = 0; r < n; r++) {
      const pr = sigmoid(eta[r] as number);
      p[r] = pr;
      w[r] = pr * (1 - pr);
      resid[r] = pr - (yy[r] as number);
    }
    matTVec(x, resid, rows, grad);
    for (let j = 1; j < d; j++) grad[j] = (grad[j] as number) + lambda * (beta[j] as number);
    let gInf = 0;
    let gNorm2 = 0;
    for (let j = 0; j < d; j++) {
      gInf = Math.max(gInf, Math.abs(grad[j] as number));
      gNorm2 += (grad[j] as number) ** 2;
    }
    if (gInf <= tol) {
      converged = true;
      break;
    }
    if (opts.gram && !precondition) {
      // Factored once per fit, with the first step's mean weight: a Cholesky factor costs as much as a
      // few Hessian products, and the preconditioner need not follow the weights exactly.
      let c = 0;
      for (let r = 0; r < n; r++) c += w[r] as number;
      c = Math.max(c / Math.max(1, n), 1e-6);
      const m = opts.gram.map((v) => c * v);
      for (let j = 0; j < d; j++) m[j * d + j] = (m[j * d + j] as number) + (j === 0 ? 1e-9 * n : lambda);
      const l = cholesky(m, d);
      precondition = (r) => choleskySolve(l, r, d);
    }
    const step = conjugateGradient(hessVec, grad, Math.min(0.5, Math.sqrt(Math.sqrt(gNorm2))) * Math.sqrt(gNorm2), Math.max(50, 2 * d), hv, precondition);
    // Backtracking (Armijo) line search from the full Newton step.
    let slope = 0;
    for (let j = 0; j < d; j++) slope += (grad[j] as number) * (step[j] as number);
    let t = 1;
    const trial = new Float64Array(d);
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < d; j++) trial[j] = (beta[j] as number) + t * (step[j] as number);
      const ft = objective(trial, eta);
      if (ft <= f + 1e-4 * t * slope) {
        beta.set(trial);
        f = ft;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // No decrease possible at this precision: the objective is at its minimum to rounding.
      objective(beta, eta);
      converged = true;
      break;
    }
  }
  return { beta, iterations, converged };
}

/**
 * Solves H s = -g approximately (until ||H s + g|| <= tolerance or maxIter steps) for a positive definite H
 * given as a product, preconditioned by M^-1 when given; returns s. `scratch` is a [d] work array.
 */
function conjugateGradient(
  hessVec: (v: Float64Array, out: Float64Array) => Float64Array,
  g: Float64Array,
  tolerance: number,
  maxIter: number,
  scratch: Float64Array,
  precondition?: (r: Float64Array) => Float64Array,
): Float64Array {
  const d = g.length;
  const s = new Float64Array(d);
  const r = Float64Array.from(g, (v) => -v);
  let z = precondition ? precondition(r) : r;
  const dir = Float64Array.from(z);
  let rz = 0;
  let rr = 0;
  for (let j = 0; j < d; j++) {
    rz += (r[j] as number) * (z[j] as number);
    rr += (r[j] as number) ** 2;
  }
  for (let it = 0; it < maxIter && Math.sqrt(rr) > tolerance; it++) {
    const hd = hessVec(dir, scratch);
    let dHd = 0;
    for (let j = 0; j < d; j++) dHd += (dir[j] as number) * (hd[j] as number);
    if (!(dHd > 0)) break;
    const alpha = rz / dHd;
    rr = 0;
    for (let j = 0; j < d; j++) {
      s[j] = (s[j] as number) + alpha * (dir[j] as number);
      r[j] = (r[j] as number) - alpha * (hd[j] as number);
      rr += (r[j] as number) ** 2;
    }
    z = precondition ? precondition(r) : r;
    let rzNew = 0;
    for (let j = 0; j < d; j++) rzNew += (r[j] as number) * (z[j] as number);
    const beta = rzNew / rz;
    for (let j = 0; j < d; j++) dir[j] = (z[j] as number) + beta * (dir[j] as number);
    rz = rzNew;
  }
  return s;
}

/** Linear predictors X beta for the listed rows. */
export function linearPredictor(x: Matrix, beta: ArrayLike<number>, rows?: ArrayLike<number>): Float64Array {
  return matVec(x, beta, rows);
}

export { sigmoid };
