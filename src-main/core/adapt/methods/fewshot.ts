/**
 * Few-shot heads on the frozen embeddings, fitted on the training part only: L2-regularised logistic
 * regression for a binary target, ridge regression for a continuous one, on the standardised embedding mean
 * and (only when it lowers the cross-validated loss) the log uncertainty score. The regularisation is chosen by
 * patient-level k-fold cross-validation inside the training part. The saved head is a plain logistic or linear
 * head on mu, so the runtime gives it Monte Carlo intervals from the embedding's Gaussian like the pack's own
 * heads; a continuous head also gets split-conformal intervals from its out-of-fold residuals.
 */
import type { HeadSpec } from '../../model/pack/manifest';
import { type FitContext, type FittedHead, checkpoint, continuousCall, youdenThreshold } from '../fit-common';
import { designMatrix, fitStandardiser, rawWeights } from '../features';
import { brier, conformalQuantiles, logLoss } from '../metrics';
import { type Matrix, gram } from '../numeric/linalg';
import { fitLogistic, linearPredictor, sigmoid } from '../numeric/logistic';
import { type RidgeStats, addStats, ridgeDual, ridgeStats, solveRidge, subtractStats } from '../numeric/ridge';
import { patientFolds } from '../split';

/** Candidate penalties, strongest first (a path: each fit starts from the previous one's solution). */
export const LOGISTIC_LAMBDAS = [10000, 3000, 1000, 300, 100, 30, 10, 3, 1];
export const RIDGE_LAMBDAS = [100000, 30000, 10000, 3000, 1000, 300, 100, 30, 10, 3, 1];
/** Used when the data allow no cross-validation (the learning curve's smallest subsets). */
const DEFAULT_LOGISTIC_LAMBDA = 100;
const DEFAULT_RIDGE_LAMBDA = 1000;
/** The uncertainty feature is kept only when it lowers the cross-validated loss by more than this fraction. */
const UNCERTAINTY_GAIN = 0.001;
/** The path stops once the cross-validated loss has risen this many steps past its best (it is unimodal in practice). */
const PATIENCE = 2;

interface CvResult {
  lambda: number;
  loss: number;
  oof: Float64Array;
}

interface VariantResult extends CvResult {
  useUncertainty: boolean;
}

/** Local positions (into `rows`) of the training and held-out rows of fold f. */
function foldPositions(folds: Int32Array, f: number): { fit: Int32Array; held: Int32Array } {
  const fit: number[] = [];
  const held: number[] = [];
  folds.forEach((v, r) => (v === f ? held : fit).push(r));
  return { fit: Int32Array.from(fit), held: Int32Array.from(held) };
}

/**
 * Cross-validation along a penalty path (strongest first): at each penalty every fold is fitted and scored
 * out of fold; the path stops PATIENCE steps after the best. `fitFold` returns the held-out predictions and
 * may keep per-fold state (warm starts).
 */
async function crossValidate(
  lambdas: number[],
  k: number,
  folds: Int32Array,
  y: Float64Array,
  loss: (pred: Float64Array) => number,
  fitFold: (f: number, lambda: number, held: Int32Array) => Float64Array,
  signal: AbortSignal | undefined,
): Promise<CvResult> {
  const parts = Array.from({ length: k }, (_, f) => foldPositions(folds, f).held);
  let best: CvResult | undefined;
  let since = 0;
  for (const lambda of lambdas) {
    const oof = new Float64Array(y.length);
    for (let f = 0; f < k; f++) {
      const held = parts[f] as Int32Array;
      const pred = fitFold(f, lambda, held);
      held.forEach((r, j) => (oof[r] = pred[j] as number));
    }
    await checkpoint(signal);
    const l = loss(oof);
    if (!best || l < best.loss) {
      best = { lambda, loss: l, oof };
      since = 0;
    } else if (++since >= PATIENCE) break;
  }
  return best as CvResult;
}

/** X^T X of every fold's training rows: the total minus the fold (one pass over the data), for the preconditioner. */
function foldGrams(x: Matrix, folds: Int32Array, k: number): { total: Float64Array; outside: Float64Array[] } {
  const parts = Array.from({ length: k }, (_, f) => gram(x, undefined, foldPositions(folds, f).held));
  const total = new Float64Array(x.cols * x.cols);
  for (const p of parts) for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) + (p[i] as number);
  return { total, outside: parts.map((p) => total.map((v, i) => v - (p[i] as number))) };
}

/**
 * Rows per feature from which the logistic fits are preconditioned (logistic.ts): a Hessian product then costs
 * more than the preconditioner's Cholesky factor, and the many-row problems are the ill-conditioned ones.
 */
const PRECONDITION_ROWS_PER_FEATURE = 4;
const preconditioned = (rows: number, cols: number): boolean => rows >= PRECONDITION_ROWS_PER_FEATURE * cols;

function logisticCv(x: Matrix, y: Float64Array, folds: Int32Array, k: number, lambdas: number[], signal?: AbortSignal): Promise<CvResult> {
  const fitRows = Array.from({ length: k }, (_, f) => foldPositions(folds, f).fit);
  const warm: (Float64Array | undefined)[] = new Array(k).fill(undefined);
  const grams = fitRows.every((r) => preconditioned(r.length, x.cols)) ? foldGrams(x, folds, k).outside : [];
  // Out-of-fold predictions only rank penalties: a looser stopping test than the final fit's is enough.
  return crossValidate(lambdas, k, folds, y, (p) => logLoss(p, y), (f, lambda, held) => {
    const beta = fitLogistic(x, y, lambda, { rows: fitRows[f], init: warm[f], tol: 1e-6, ...(grams[f] ? { gram: grams[f] } : {}) }).beta;
    warm[f] = beta;
    return linearPredictor(x, beta, held).map(sigmoid);
  }, signal);
}

/** Ridge fits for one set of rows at any penalty: the dual form for fewer rows than features, else the normal equations. */
function ridgeSolver(x: Matrix, y: Float64Array, rows: Int32Array, stats?: RidgeStats): (lambda: number) => Float64Array {
  if (rows.length < x.cols - 1) return ridgeDual(x, y, rows);
  const s = stats ?? ridgeStats(x, y, rows);
  return (lambda) => solveRidge(s, lambda);
}

function ridgeCv(x: Matrix, y: Float64Array, folds: Int32Array, k: number, lambdas: number[], signal?: AbortSignal): Promise<CvResult> {
  const split = Array.from({ length: k }, (_, f) => foldPositions(folds, f));
  // The normal equations of each fold's training rows: the total minus the fold (one pass over the data).
  const primal = split.every((s) => s.fit.length >= x.cols - 1);
  const parts = primal ? split.map((s) => ridgeStats(x, y, s.held)) : [];
  const total = primal ? addStats(parts) : undefined;
  const solvers = split.map((s, f) => ridgeSolver(x, y, s.fit, total && subtractStats(total, parts[f] as RidgeStats)));
  return crossValidate(lambdas, k, folds, y, (p) => p.reduce((s, v, r) => s + (v - (y[r] as number)) ** 2, 0) / y.length, (f, lambda, held) =>
    linearPredictor(x, (solvers[f] as (l: number) => Float64Array)(lambda), held), signal);
}

/** The chosen penalty and its neighbours on the grid (where the uncertainty variant is tried). */
function around(grid: number[], lambda: number): number[] {
  const i = grid.indexOf(lambda);
  return grid.slice(Math.max(0, i - 1), i + 2);
}

/** The few-shot head for the target, fitted on `rows` (dataset indices). */
export async function fitFewShot(ctx: FitContext, rows: Int32Array, level: number): Promise<FittedHead> {
  const { data, binary } = ctx;
  const y = Float64Array.from(rows, (i) => data.y[i] as number);
  const k = ctx.folds;
  const folds = k >= 2 ? patientFolds(data.group, data.y, rows, binary, k, ctx.seed + 23) : new Int32Array(rows.length);
  const results: VariantResult[] = [];
  const grid = binary ? LOGISTIC_LAMBDAS : RIDGE_LAMBDAS;
  for (const useUncertainty of k >= 2 ? [false, true] : [false]) {
    const std = fitStandardiser(data, ctx.u, rows, useUncertainty);
    const x = designMatrix(data, ctx.u, rows, std);
    if (k >= 2) {
      // The uncertainty variant is tried around the plain variant's best penalty (one more feature moves it little).
      const lambdas = useUncertainty ? around(grid, (results[0] as VariantResult).lambda) : grid;
      const cv = binary ? await logisticCv(x, y, folds, k, lambdas, ctx.signal) : await ridgeCv(x, y, folds, k, lambdas, ctx.signal);
      results.push({ useUncertainty, ...cv });
    } else {
      results.push({ useUncertainty, lambda: binary ? DEFAULT_LOGISTIC_LAMBDA : DEFAULT_RIDGE_LAMBDA, loss: NaN, oof: new Float64Array(0) });
    }
  }
  const plain = results[0] as VariantResult;
  const withU = results[1];
  // "Only if it helps": the uncertainty feature must lower the cross-validated loss, not just tie it.
  const chosen = withU && withU.loss < plain.loss * (1 - UNCERTAINTY_GAIN) ? withU : plain;
  const std = fitStandardiser(data, ctx.u, rows, chosen.useUncertainty);
  const x = designMatrix(data, ctx.u, rows, std);
  const all = Int32Array.from({ length: rows.length }, (_, r) => r);
  const beta = binary
    ? fitLogistic(x, y, chosen.lambda, { tol: 1e-8, ...(preconditioned(x.rows, x.cols) ? { gram: gram(x) } : {}) }).beta
    : ridgeSolver(x, y, all)(chosen.lambda);
  const raw = rawWeights(beta, std, data.dim);
  const t = data.target;
  const id = `site-fewshot-${t.name.replace(/_/g, '-')}`;
  const hyper: Record<string, number | string | boolean> = {
    model: binary ? 'l2-logistic' : 'ridge',
    lambda: chosen.lambda,
    uncertaintyFeature: chosen.useUncertainty,
    folds: k,
    ...(withU ? { cvLossWithout: plain.loss, cvLossWithUncertainty: withU.loss } : {}),
  };
  const cvScore = k >= 2 ? (binary ? brier(chosen.oof, y) : chosen.loss) : NaN;
  let spec: HeadSpec;
  if (binary) {
    const threshold = k >= 2 ? youdenThreshold(chosen.oof, y) : 0.5;
    hyper.threshold = threshold;
    spec = { id, kind: 'logistic', label: `${t.label} (few-shot head, ${ctx.site})`, finding: t.name, ...raw, threshold };
  } else {
    const { threshold, callWhen } = continuousCall(ctx, rows);
    const residuals = k >= 2 ? Array.from(y, (v, r) => v - (chosen.oof[r] as number)) : [0];
    spec = {
      id, kind: 'linear', label: `${t.label} (few-shot head, ${ctx.site})`, ...(t.unit ? { unit: t.unit } : {}), measurement: t.column, ...raw,
      threshold, callWhen, calibration: { method: 'split-conformal', level, residualQuantiles: conformalQuantiles(residuals, level), n: y.length },
    };
  }
  return { spec, method: 'fewshot', hyperParameters: hyper, cvScore, cvMetric: binary ? 'brier' : 'mse' };
}
