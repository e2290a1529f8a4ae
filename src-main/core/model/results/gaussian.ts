/** The ECG's Gaussian embedding and the distances the heads and retrieval use (PACK-FORMAT.md). */
export interface Gaussian {
  mean: Float32Array;
  logvar: Float32Array;
}

/** Uncertainty score: mean_k exp(logvar_k). */
export function meanExpLogvar(logvar: ArrayLike<number>, offset = 0, dim = logvar.length): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += Math.exp(logvar[offset + k] as number);
  return s / dim;
}

/** sum_k exp(logvar_k) of row `row` of a [N x D] array. */
export function sumExp(logvar: Float32Array, row: number, dim: number): number {
  let s = 0;
  const o = row * dim;
  for (let k = 0; k < dim; k++) s += Math.exp(logvar[o + k] as number);
  return s;
}

/** ||a - b_row||^2 for a query vector and row `row` of a [N x D] array. */
export function squaredDistance(a: ArrayLike<number>, b: Float32Array, row: number, dim: number): number {
  let s = 0;
  const o = row * dim;
  for (let k = 0; k < dim; k++) {
    const d = (a[k] as number) - (b[o + k] as number);
    s += d * d;
  }
  return s;
}

/**
 * Monte Carlo samples z = mu + exp(logvar / 2) * eps, [samples x D], from precomputed standard normals;
 * written to `into` when given (a reused buffer: batch scoring makes a megabyte of samples per ECG).
 */
export function sampleEmbeddings(g: Gaussian, eps: Float64Array, samples: number, into?: Float64Array): Float64Array {
  const d = g.mean.length;
  const out = into && into.length === samples * d ? into : new Float64Array(samples * d);
  const mu = Float64Array.from(g.mean);
  const sd = Float64Array.from(g.logvar, (v) => Math.exp(v / 2));
  // Sample-major so reads and writes run sequentially (same arithmetic per element as dimension-major).
  for (let s = 0; s < samples; s++) {
    const o = s * d;
    for (let k = 0; k < d; k++) out[o + k] = (mu[k] as number) + (sd[k] as number) * (eps[o + k] as number);
  }
  return out;
}

/** Cosine of each pair of rows of two [rows x dim] matrices (how far two runs' means point apart). */
export function rowCosines(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < a.length / dim; r++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = r * dim; k < (r + 1) * dim; k++) {
      ab += (a[k] as number) * (b[k] as number);
      aa += (a[k] as number) ** 2;
      bb += (b[k] as number) ** 2;
    }
    out.push(ab / Math.sqrt(aa * bb));
  }
  return out;
}
