/**
 * The site kNN head: the site's labelled training ECGs become a neighbour library, ranked by the closed-form
 * sampled distance between Gaussians (CSD, as the pack's kNN head ranks its echo library), and the estimate is
 * the mean of the k nearest ECGs' values (the fraction of positives for a binary target). k is chosen by
 * patient-level cross-validation inside the training part. The same library answers "similar ECGs from this
 * site" in the app.
 */
import type { HeadSpec } from '../../model/pack/manifest';
import { type FitContext, type FittedHead, checkpoint, continuousCall, youdenThreshold } from '../fit-common';
import { brier, conformalQuantiles } from '../metrics';
import { patientFolds, patientSubset } from '../split';

/** At most this many training ECGs form the site library (a stratified patient-level subset beyond it). */
export const SITE_LIBRARY_MAX = 2000;
export const KNN_CANDIDATES = [3, 5, 10, 20, 30, 50];
/** Used when the data allow no cross-validation (the learning curve's smallest subsets). */
const DEFAULT_K = 5;

/** sum_k exp(logvar_k) and the float64 means of the library rows. */
function libraryArrays(ctx: FitContext, lib: Int32Array): { mu: Float64Array; s: Float64Array } {
  const { dim, mean, logvar } = ctx.data;
  const mu = new Float64Array(lib.length * dim);
  const s = new Float64Array(lib.length);
  lib.forEach((i, r) => {
    let acc = 0;
    for (let t = 0; t < dim; t++) {
      mu[r * dim + t] = mean[i * dim + t] as number;
      acc += Math.exp(logvar[i * dim + t] as number);
    }
    s[r] = acc;
  });
  return { mu, s };
}

/**
 * For each library row, the values of its `kmax` nearest rows from other folds (nearest first). The query's
 * own variance is the same for every candidate, so the ranking uses ||mu_q - mu_j||^2 + S_j.
 */
async function foldNeighbours(ctx: FitContext, lib: Int32Array, folds: Int32Array, kmax: number, values: Float64Array): Promise<Float64Array[]> {
  const dim = ctx.data.dim;
  const { mu, s } = libraryArrays(ctx, lib);
  const n = lib.length;
  const out: Float64Array[] = [];
  const dist = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const qo = q * dim;
    for (let j = 0; j < n; j++) {
      if (folds[j] === folds[q]) {
        dist[j] = Infinity;
        continue;
      }
      const jo = j * dim;
      let d = 0;
      for (let t = 0; t < dim; t++) {
        const v = (mu[qo + t] as number) - (mu[jo + t] as number);
        d += v * v;
      }
      dist[j] = d + (s[j] as number);
    }
    const idx = Array.from({ length: n }, (_, j) => j).filter((j) => dist[j] !== Infinity);
    idx.sort((a, b) => (dist[a] as number) - (dist[b] as number) || a - b);
    out.push(Float64Array.from(idx.slice(0, kmax), (j) => values[j] as number));
    if (q % 200 === 199) await checkpoint(ctx.signal);
  }
  return out;
}

/** The site kNN head fitted on `rows`, with its library. */
export async function fitSiteKnn(ctx: FitContext, rows: Int32Array, level: number): Promise<FittedHead> {
  const { data, binary } = ctx;
  const lib = rows.length > SITE_LIBRARY_MAX ? patientSubset(data.group, data.y, rows, binary, SITE_LIBRARY_MAX, ctx.seed + 41) : rows;
  const y = Float64Array.from(lib, (i) => data.y[i] as number);
  const k = ctx.folds;
  const t = data.target;
  let chosenK = Math.min(DEFAULT_K, lib.length);
  let cvScore = NaN;
  let oof: Float64Array | undefined;
  if (k >= 2) {
    const folds = patientFolds(data.group, data.y, lib, binary, k, ctx.seed + 37);
    const smallestTrain = Math.min(...Array.from({ length: k }, (_, f) => folds.filter((v) => v !== f).length));
    const ks = KNN_CANDIDATES.filter((c) => c <= smallestTrain);
    if (ks.length === 0) ks.push(Math.max(1, smallestTrain));
    const near = await foldNeighbours(ctx, lib, folds, Math.max(...ks), y);
    let best = Infinity;
    for (const kk of ks) {
      const est = Float64Array.from(near, (v) => v.subarray(0, kk).reduce((a, b) => a + b, 0) / Math.min(kk, v.length));
      const score = binary ? brier(est, y) : est.reduce((a, v, r) => a + (v - (y[r] as number)) ** 2, 0) / est.length;
      if (score < best) {
        best = score;
        chosenK = kk;
        oof = est;
      }
    }
    cvScore = best;
  }
  const measurement = t.name;
  const id = `site-knn-${t.name.replace(/_/g, '-')}`;
  const label = `${t.label} (nearest ECGs of ${ctx.site})`;
  const hyper: Record<string, number | string | boolean> = { k: chosenK, folds: k, library: lib.length, distance: 'csd' };
  let spec: HeadSpec;
  if (binary) {
    const threshold = oof ? youdenThreshold(oof, y) : 0.5;
    hyper.threshold = threshold;
    spec = { id, kind: 'knn', label, measurement, k: chosenK, library: 'site', output: 'probability', threshold, callWhen: 'above' };
  } else {
    const { threshold, callWhen } = continuousCall(ctx, rows);
    const residuals = oof ? Array.from(y, (v, r) => v - (oof[r] as number)) : [0];
    spec = {
      id, kind: 'knn', label, ...(t.unit ? { unit: t.unit } : {}), measurement, k: chosenK, library: 'site', threshold, callWhen,
      calibration: { method: 'split-conformal', level, residualQuantiles: conformalQuantiles(residuals, level), n: y.length },
    };
  }
  return { spec, method: 'knn', hyperParameters: hyper, cvScore, cvMetric: binary ? 'brier' : 'mse', siteLibrary: { rows: lib, measurement } };
}
