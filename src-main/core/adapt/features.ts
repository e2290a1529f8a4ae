/**
 * Features of the few-shot heads: the embedding mean, and optionally the log uncertainty score
 * ln(mean exp(logvar)), standardised on the training rows. Weights fitted on standardised features are folded
 * back to the raw embedding, so the saved head is a plain linear head on mu (PACK-FORMAT.md) and the runtime
 * needs no scaler.
 */
import { uncertaintyFeature } from '../model/results/heads';
import type { AdaptDataset } from './dataset';
import type { Matrix } from './numeric/linalg';

export interface Standardiser {
  useUncertainty: boolean;
  /** Per raw feature (dim, then the uncertainty feature when used). */
  center: Float64Array;
  scale: Float64Array;
}

/** The log uncertainty score of every ECG of the dataset. */
export function uncertaintyFeatures(data: Pick<AdaptDataset, 'n' | 'dim' | 'logvar'>): Float64Array {
  return Float64Array.from({ length: data.n }, (_, i) => uncertaintyFeature(data.logvar.subarray(i * data.dim, (i + 1) * data.dim)));
}

function rawFeature(data: AdaptDataset, u: Float64Array, i: number, j: number): number {
  return j < data.dim ? (data.mean[i * data.dim + j] as number) : (u[i] as number);
}

/** Mean and standard deviation of each feature over `rows` (a constant feature gets scale 1 and weight 0 by ridge). */
export function fitStandardiser(data: AdaptDataset, u: Float64Array, rows: ArrayLike<number>, useUncertainty: boolean): Standardiser {
  const p = data.dim + (useUncertainty ? 1 : 0);
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const n = rows.length;
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) center[j] = (center[j] as number) + rawFeature(data, u, rows[r] as number, j);
  for (let j = 0; j < p; j++) center[j] = (center[j] as number) / n;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) scale[j] = (scale[j] as number) + (rawFeature(data, u, rows[r] as number, j) - (center[j] as number)) ** 2;
  }
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt((scale[j] as number) / Math.max(1, n));
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { useUncertainty, center, scale };
}

/** Design matrix [rows x (1 + p)]: an intercept column, then the standardised features. */
export function designMatrix(data: AdaptDataset, u: Float64Array, rows: ArrayLike<number>, s: Standardiser): Matrix {
  const p = s.center.length;
  const d = p + 1;
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const o = r * d;
    out[o] = 1;
    for (let j = 0; j < p; j++) out[o + 1 + j] = (rawFeature(data, u, i, j) - (s.center[j] as number)) / (s.scale[j] as number);
  }
  return { data: out, rows: rows.length, cols: d };
}

/** Coefficients on standardised features (intercept first) as raw weights on mu, bias and uncertainty weight. */
export function rawWeights(beta: Float64Array, s: Standardiser, dim: number): { weights: number[]; bias: number; uncertaintyWeight?: number } {
  let bias = beta[0] as number;
  const w = (j: number) => (beta[j + 1] as number) / (s.scale[j] as number);
  const weights = Array.from({ length: dim }, (_, j) => {
    const v = w(j);
    bias -= v * (s.center[j] as number);
    return v;
  });
  if (!s.useUncertainty) return { weights, bias };
  const uw = w(dim);
  bias -= uw * (s.center[dim] as number);
  return { weights, bias, uncertaintyWeight: uw };
}
