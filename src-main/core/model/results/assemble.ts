import type { PackManifest } from '../pack/manifest';
import type { PredictionResult, SimilarReport, StepVariance, UncertaintyLevel } from '../types';
import type { LibraryStudy } from '../pack/load';
import { type Gaussian, meanExpLogvar, sampleEmbeddings } from './gaussian';
import { csdToLibrary, type HeadContext, predictHead } from './heads';
import type { SampleProducts } from './row-products';
import { normalsShared, sigmoid } from './stats';

/** Percentile (0..100) of a score on the pack's reference quantiles, interpolating linearly between them. */
export function scorePercentile(score: number, q: number[]): number {
  const n = q.length - 1;
  if (score <= (q[0] as number)) return 0;
  if (score >= (q[n] as number)) return 100;
  let i = 1;
  while (i < n && (q[i] as number) < score) i++;
  if (q[i] === score) {
    // A run of equal quantiles: the middle of the run.
    let j = i;
    while (j < n && q[j + 1] === score) j++;
    return ((i + j) / 2 / n) * 100;
  }
  const lo = q[i - 1] as number;
  const hi = q[i] as number;
  return ((i - 1 + (score - lo) / (hi - lo)) / n) * 100;
}

/** low below the split, high from it, abstain from the abstain percentile. */
export function uncertaintyLevel(percentile: number, split: number, abstain: number): UncertaintyLevel {
  if (percentile >= abstain) return 'abstain';
  return percentile >= split ? 'high' : 'low';
}

/** Per-step variance (mean over dims of exp(step_logvar)) placed on the source time axis. */
export function stepVariance(step: Float32Array, steps: number, dim: number, startS: number, stepS: number): StepVariance {
  const values = Array.from({ length: steps }, (_, t) => meanExpLogvar(step, t * dim, dim));
  return { startS, stepS, values };
}

/** Library studies ranked by closed-form sampled distance to the ECG's Gaussian, best first. */
export function similarReports(
  g: Gaussian,
  lib: { studies: LibraryStudy[]; means: Float32Array; sumExp: Float64Array },
  topK: number,
  dim: number,
  calibration?: { a: number; b: number },
): SimilarReport[] {
  const dist = csdToLibrary(g, lib, dim);
  const scored = lib.studies.map((s, j) => ({ j, d: dist[j] as number }));
  scored.sort((a, b) => a.d - b.d || a.j - b.j);
  return scored.slice(0, Math.max(0, topK)).map(({ j, d }) => {
    const s = lib.studies[j] as LibraryStudy;
    const r: SimilarReport = { id: s.id, score: d, report: s.report, measurements: { ...s.measurements } };
    if (s.date !== undefined) r.date = s.date;
    if (calibration) r.matchProbability = sigmoid(-calibration.a * d + calibration.b);
    return r;
  });
}

export interface AssembleInput {
  manifest: PackManifest;
  ctx: HeadContext & {
    library?: HeadContext['library'] & { studies: LibraryStudy[] };
    siteLibrary?: HeadContext['library'] & { studies: LibraryStudy[] };
  };
  summary: PredictionResult['model'];
  executionProvider: string;
  window: PredictionResult['window'];
  mean: Float32Array;
  logvar: Float32Array;
  stepLogvar: Float32Array;
  topK: number;
  abstainPercentile: number;
  /** The record's Monte Carlo samples (monteCarloSamples) and their matrix products, when the caller made them. */
  samples?: { z: Float64Array; products?: SampleProducts };
}

/** The Monte Carlo samples of a record's Gaussian, [samples x D] (into `into` when given and the right size). */
export function monteCarloSamples(manifest: PackManifest, g: Gaussian, into?: Float64Array): Float64Array {
  const { samples, seed } = manifest.intervals;
  // Same seed for every record: an ECG's interval does not depend on what else is in the batch.
  return sampleEmbeddings(g, normalsShared(seed, samples * g.mean.length), samples, into);
}

/** Turns one record's network outputs into the full prediction (uncertainty, heads, retrieval, step variance). */
export function assemblePrediction(a: AssembleInput): PredictionResult {
  const { manifest, ctx } = a;
  const dim = ctx.dim;
  const g: Gaussian = { mean: a.mean, logvar: a.logvar };
  const score = meanExpLogvar(a.logvar);
  const percentile = scorePercentile(score, manifest.uncertainty.quantiles);
  const { samples } = manifest.intervals;
  const z = a.samples?.z ?? monteCarloSamples(manifest, g);
  const [steps] = manifest.outputs.stepLogvar.dims as [number, number];
  return {
    model: a.summary,
    executionProvider: a.executionProvider,
    window: a.window,
    uncertainty: {
      score,
      percentile,
      level: uncertaintyLevel(percentile, manifest.uncertainty.splitPercentile, a.abstainPercentile),
      splitPercentile: manifest.uncertainty.splitPercentile,
      abstainPercentile: a.abstainPercentile,
    },
    predictions: manifest.heads.map((h) => predictHead(h, g, z, samples, ctx, a.samples?.products)),
    similarReports: ctx.library ? similarReports(g, ctx.library, a.topK, dim, manifest.matchCalibration) : [],
    // The pack's match calibration was fitted on echo studies, not on the site's ECGs: distances only.
    ...(ctx.siteLibrary ? { similarSiteEcgs: similarReports(g, ctx.siteLibrary, a.topK, dim) } : {}),
    stepVariance: stepVariance(a.stepLogvar, steps, dim, a.window.startS, manifest.outputs.stepLogvar.stepS),
    embedding: { mean: a.mean, logvar: a.logvar },
  };
}
