/**
 * One site adaptation, start to end: refuse what cannot be learnt honestly, split by patient (stratified),
 * fit the chosen methods on the training part only (cross-validation inside it), evaluate base and adapted
 * heads on the held-out test part with the runtime's own head code, compare them, draw the learning curve,
 * and hand back the report with the heads and site library of the adapted pack (pack-writer.ts saves it).
 * CPU-bound: the app runs it in a worker thread (worker.ts); it yields between folds so a cancel gets through.
 */
import { createHash } from 'node:crypto';
import { CoreError } from '../errors';
import type { LoadedLibrary, PackData } from '../model/pack/load';
import type { HeadSpec } from '../model/pack/manifest';
import { headContextOf } from '../model/predictor';
import { headPoint } from '../model/results/heads';
import type { AdaptDataset } from './dataset';
import { evaluateHead, type HeadOutputs, headOutputs, patientGroups, uncertaintyPercentiles } from './evaluate';
import { uncertaintyFeatures } from './features';
import { type FitContext, type FittedHead, checkpoint, promptsFor, relatedBaseHeads, withoutRecalibration } from './fit-common';
import { LEARNING_CURVE_SIZES, fitMethods, learningCurve } from './learning-curve';
import { brier, groupBootstrap, meanAbsoluteError } from './metrics';
import { buildSiteLibrary } from './site-library';
import { patientSplit, usableFolds } from './split';
import { ADAPT_METHODS, type AdaptMethod, type AdaptOptions, type AdaptationReport, type Comparison, type HeadEvaluation } from './types';

/** Fewest labels a binary target needs in each class, and a continuous target in all. */
export const MIN_PER_CLASS = 10;
export const MIN_CONTINUOUS = 20;

export interface AdaptInput {
  data: AdaptDataset;
  /** The base pack, hash-checked (loadPackData): the pack that scored the cohort. */
  base: PackData;
  options: AdaptOptions;
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
}

export interface TestPredictions {
  sha256: string[];
  truth: number[];
  heads: { head: string; method: 'base' | AdaptMethod; values: number[]; intervals?: [number, number][] }[];
}

export interface AdaptOutcome {
  report: AdaptationReport;
  /** The adapted pack's heads, in order: the adapted ones, then the base heads they do not replace. */
  heads: HeadSpec[];
  siteLibrary?: LoadedLibrary;
  fitted: Omit<FittedHead, 'siteLibrary'>[];
  /** sha256 of the training part's (content hash, target) lines: which labels the pack learnt from. */
  labelsDigest: string;
  /** First and last echo month of the labels used. */
  echoDates?: { from: string; to: string };
  testPredictions: TestPredictions;
}

function validate(input: AdaptInput): Required<Pick<AdaptOptions, 'testFraction' | 'seed' | 'folds' | 'site' | 'learningCurveRepeats' | 'bootstrapIterations'>> & {
  methods: AdaptMethod[];
} {
  const o = input.options;
  const methods = ADAPT_METHODS.filter((m) => o.methods.includes(m));
  if (methods.length === 0) throw new CoreError('BAD_REQUEST', 'Choose at least one method: recalibrate, fewshot or knn.');
  const testFraction = o.testFraction ?? 0.3;
  if (!(testFraction >= 0.1 && testFraction <= 0.5)) throw new CoreError('BAD_REQUEST', 'The test fraction must be between 0.1 and 0.5.');
  const folds = o.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 10) throw new CoreError('BAD_REQUEST', 'Cross-validation needs 2 to 10 folds.');
  const site = (o.site ?? 'site').trim() || 'site';
  return {
    methods, testFraction, folds, site, seed: o.seed ?? 20250116, learningCurveRepeats: o.learningCurveRepeats ?? 3, bootstrapIterations: o.bootstrapIterations ?? 1000,
  };
}

/** Refuses targets with too few labels to learn or to test on (a clear, coded message). */
function checkCounts(data: AdaptDataset, binary: boolean): void {
  if (data.n === 0) {
    const why = data.counts.labelled > 0
      ? `none of its ${data.counts.labelled} labelled ECGs has a stored embedding (they were scored before embeddings were kept): rescore them first`
      : 'no scored ECG has a value in this column';
    throw new CoreError('ADAPT_NO_EMBEDDINGS', `Nothing to adapt on for ${data.target.label}: ${why}.`);
  }
  if (binary) {
    const pos = data.y.reduce((a, v) => a + v, 0);
    const neg = data.n - pos;
    if (pos < MIN_PER_CLASS || neg < MIN_PER_CLASS) {
      throw new CoreError('ADAPT_TOO_FEW_LABELS', `${data.target.label}: ${pos} positive and ${neg} negative labelled ECGs; adaptation needs at least ${MIN_PER_CLASS} of each.`);
    }
  } else if (data.n < MIN_CONTINUOUS) {
    throw new CoreError('ADAPT_TOO_FEW_LABELS', `${data.target.label}: ${data.n} labelled ECGs; adaptation needs at least ${MIN_CONTINUOUS}.`);
  }
}

function labelsDigest(data: AdaptDataset, rows: Int32Array): string {
  const lines = Array.from(rows, (i) => `${data.sha256[i]},${data.y[i]}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function partCounts(data: AdaptDataset, rows: Int32Array, binary: boolean) {
  const patients = new Set(Array.from(rows, (i) => data.group[i])).size;
  return { ecgs: rows.length, patients, ...(binary ? { positives: Array.from(rows).reduce((a, i) => a + (data.y[i] as number), 0) } : {}) };
}

/** The primary metric of a head on the test part (lower is better). */
const primary = (e: HeadEvaluation): number => (e.binary ? e.binary.brier : (e.continuous as NonNullable<HeadEvaluation['continuous']>).mae);

function compare(
  adapted: HeadOutputs, base: HeadOutputs, y: Float64Array, binary: boolean, groups: number[][], iterations: number, seed: number,
): Omit<Comparison, 'head' | 'baseHead'> {
  const m = (v: Float64Array, idx: number[]) => {
    const a = Float64Array.from(idx, (r) => v[r] as number);
    const t = Float64Array.from(idx, (r) => y[r] as number);
    return binary ? brier(a, t) : meanAbsoluteError(a, t);
  };
  const all = Array.from({ length: y.length }, (_, r) => r);
  const a = m(adapted.values, all);
  const b = m(base.values, all);
  const ci = groupBootstrap(groups, (idx) => m(adapted.values, idx) - m(base.values, idx), { iterations, seed });
  return { metric: binary ? 'brier' : 'mae', adapted: a, base: b, difference: a - b, interval: ci && { low: ci.low, high: ci.high, level: ci.level }, better: a < b };
}

export async function runAdaptation(input: AdaptInput): Promise<AdaptOutcome> {
  const t0 = Date.now();
  const { data, base } = input;
  const o = validate(input);
  const progress = (stage: string, f: number) => input.onProgress?.(stage, Math.max(0, Math.min(1, f)));
  const binary = data.target.kind === 'binary';
  checkCounts(data, binary);
  if (data.dim !== base.dim) {
    throw new CoreError('ADAPT_BASE_MISMATCH', `The cohort's embeddings have ${data.dim} dimensions; the pack ${base.manifest.id} makes ${base.dim}.`);
  }
  progress('Splitting by patient', 0.01);
  const { train, test } = patientSplit(data.group, data.y, binary, o.testFraction, o.seed);
  const yTest = Float64Array.from(test, (i) => data.y[i] as number);
  if (binary && (yTest.every((v) => v === 0) || yTest.every((v) => v === 1))) {
    throw new CoreError('ADAPT_TOO_FEW_LABELS', 'The held-out test part has only one class: label more patients of the rarer class.');
  }
  const folds = usableFolds(data.group, data.y, train, binary, o.folds);
  if (folds < 2) throw new CoreError('ADAPT_TOO_FEW_LABELS', 'The training part is too small for cross-validation: label more patients.');
  const warnings: string[] = [];
  if (folds < o.folds) warnings.push(`Cross-validation used ${folds} folds, not ${o.folds}: the training part has too few patients of a class.`);
  if (data.counts.missingEmbeddings > 0) {
    warnings.push(`${data.counts.missingEmbeddings} labelled ECGs have no stored embedding and were left out: rescore them to use them.`);
  }
  if (data.counts.withoutPatientId > 0) {
    warnings.push(`${data.counts.withoutPatientId} ECGs have no patient id: each counts as its own patient, so repeat ECGs of one person could sit on both sides of the split.`);
  }

  const baseCtx = headContextOf(base);
  const related = relatedBaseHeads(base.manifest, data.target);
  const basePoints = new Map<string, Float64Array>();
  for (const h of related) {
    const raw = withoutRecalibration(h);
    const d = data.dim;
    basePoints.set(h.id, Float64Array.from({ length: data.n }, (_, i) => headPoint(raw, { mean: data.mean.subarray(i * d, (i + 1) * d), logvar: data.logvar.subarray(i * d, (i + 1) * d) }, baseCtx)));
  }
  if (o.methods.includes('recalibrate') && related.length === 0) {
    warnings.push(`The base pack has no head for ${data.target.label}: there is nothing to recalibrate.`);
  }
  const level = base.manifest.intervals.level;
  const fc: FitContext = { data, u: uncertaintyFeatures(data), binary, manifest: base.manifest, baseCtx, basePoints, folds, seed: o.seed, site: o.site, signal: input.signal };
  progress('Fitting on the training part', 0.05);
  await checkpoint(input.signal);
  const fitted = await fitMethods(fc, train, o.methods, level);
  if (fitted.length === 0) throw new CoreError('ADAPT_TARGET_INVALID', `None of the chosen methods applies to ${data.target.label}.`);
  const tFit = Date.now();

  const knn = fitted.find((f) => f.siteLibrary);
  const siteLibrary = knn?.siteLibrary && buildSiteLibrary(data, knn.siteLibrary.rows, knn.siteLibrary.measurement);
  if (knn?.siteLibrary && knn.siteLibrary.rows.length < train.length) {
    warnings.push(`The site library holds ${knn.siteLibrary.rows.length} of the ${train.length} training ECGs (a random patient-level subset).`);
  }
  const adaptedCtx = headContextOf({ ...base, prompts: promptsFor(fitted.map((f) => f.spec), base), ...(siteLibrary ? { siteLibrary } : {}) });
  const replaced = new Set(fitted.flatMap((f) => (f.baseHead ? [f.baseHead] : [])));
  progress('Evaluating on the held-out test part', 0.45);
  const outputs = await headOutputs(
    data, test, [...related.map((spec) => ({ spec, method: 'base' as const })), ...fitted.map((f) => ({ spec: f.spec, method: f.method }))],
    base.manifest, adaptedCtx, !binary, input.signal, (done) => progress('Evaluating on the held-out test part', 0.45 + (0.25 * done) / test.length),
  );
  const percentiles = uncertaintyPercentiles(data, test, base.manifest);
  const groups = patientGroups(data, test);
  const evalOpts = { level, bootstrap: o.bootstrapIterations, seed: o.seed };
  const evals = outputs.map((out) => evaluateHead(out, yTest, binary, percentiles, base.manifest.uncertainty.splitPercentile, groups, evalOpts));
  // Each adapted head states the operating point it reached on the held-out test part.
  fitted.forEach((f, j) => {
    const e = evals[related.length + j] as HeadEvaluation;
    const sens = e.binary ? e.binary.sensitivity : e.continuous?.call.sensitivity;
    const spec = e.binary ? e.binary.specificity : e.continuous?.call.specificity;
    if (sens !== null && sens !== undefined && spec !== null && spec !== undefined) f.spec.operatingPoint = { sensitivity: sens, specificity: spec };
  });
  for (const out of outputs.slice(related.length)) {
    const range = out.spec.kind !== 'logistic' ? out.spec.plausibleRange : undefined;
    const outside = range ? out.values.filter((v) => !(v >= range[0] && v <= range[1])).length : 0;
    if (range && outside > 0) {
      warnings.push(`${out.spec.label} gives ${outside} of the ${test.length} held-out ECGs an estimate outside ${range[0]} to ${range[1]}: such results are refused as implausible.`);
    }
  }
  const baseEvals = evals.slice(0, related.length);
  const adaptedEvals = evals.slice(related.length);
  const comparisons: Comparison[] = [];
  if (related.length > 0) {
    const bestBase = baseEvals.reduce((b, e, j) => (primary(e) < primary(baseEvals[b] as HeadEvaluation) ? j : b), 0);
    fitted.forEach((f, j) => {
      const c = compare(outputs[related.length + j] as HeadOutputs, outputs[bestBase] as HeadOutputs, yTest, binary, groups, o.bootstrapIterations, o.seed + 1);
      comparisons.push({ head: f.spec.id, baseHead: (related[bestBase] as HeadSpec).id, ...c });
      if (!c.better) {
        warnings.push(`${f.spec.label} is not better than the base head ${(related[bestBase] as HeadSpec).id} on the test part (${c.metric} ${c.adapted.toFixed(4)} vs ${c.base.toFixed(4)}).`);
      }
    });
  }
  const tEval = Date.now();
  await checkpoint(input.signal);
  progress('Learning curve', 0.7);
  const curve = await learningCurve({
    fc, pack: base, train, test, methods: o.methods, level, sizes: input.options.learningCurveSizes ?? LEARNING_CURVE_SIZES, repeats: o.learningCurveRepeats,
    all: fitted.map((f, j) => ({ head: f.spec.id, method: f.method, value: primary(adaptedEvals[j] as HeadEvaluation) })),
    base: baseEvals.map((e) => ({ head: e.head, value: primary(e) })),
    onStep: (done, total) => progress('Learning curve', 0.7 + (0.28 * done) / Math.max(1, total)),
  });
  const tEnd = Date.now();
  progress('Done', 1);
  const heads = [...fitted.map((f) => f.spec), ...base.manifest.heads.filter((h) => !replaced.has(h.id))];
  const report: AdaptationReport = {
    createdAt: new Date().toISOString(),
    site: o.site,
    cohort: data.cohort,
    basePack: { id: base.manifest.id, name: base.manifest.name, version: base.manifest.version },
    target: data.target,
    methods: o.methods,
    split: { by: 'patient', stratified: true, testFraction: o.testFraction, seed: o.seed, folds },
    counts: {
      labelled: data.counts.labelled, used: data.n, missingEmbeddings: data.counts.missingEmbeddings, withoutPatientId: data.counts.withoutPatientId,
      patients: data.groups, train: partCounts(data, train, binary), test: partCounts(data, test, binary),
    },
    fitted: fitted.map((f) => ({ head: f.spec.id, method: f.method, ...(f.baseHead ? { baseHead: f.baseHead } : {}), hyperParameters: f.hyperParameters, cvScore: f.cvScore, cvMetric: f.cvMetric })),
    base: baseEvals,
    adapted: adaptedEvals,
    comparisons,
    learningCurve: curve,
    warnings,
    timings: { fitS: (tFit - t0) / 1000, evaluateS: (tEval - tFit) / 1000, learningCurveS: (tEnd - tEval) / 1000, totalS: (tEnd - t0) / 1000 },
  };
  return {
    report,
    heads,
    ...(siteLibrary ? { siteLibrary } : {}),
    fitted: fitted.map(({ siteLibrary: _s, ...f }) => f),
    labelsDigest: labelsDigest(data, train),
    ...(data.echoDates ? { echoDates: data.echoDates } : {}),
    testPredictions: {
      sha256: Array.from(test, (i) => data.sha256[i] as string),
      truth: Array.from(yTest),
      heads: outputs.map((out) => ({ head: out.spec.id, method: out.method, values: Array.from(out.values), ...(out.intervals ? { intervals: out.intervals } : {}) })),
    },
  };
}
