/**
 * Base and adapted heads on the held-out test part, computed by the runtime's own head functions (headPoint,
 * predictHead with the pack's seeded Monte Carlo samples), so the numbers are those the saved pack gives for
 * the same ECGs. Intervals are computed for continuous targets only (their coverage is a metric; a binary
 * head's probability interval is not).
 */
import { auroc, calibrationCurve, confusionAt, type LabelledScore } from '../cohort/metrics';
import type { HeadSpec, PackManifest } from '../model/pack/manifest';
import { cpuMatrixProduct } from '../model/engine/ort-engine';
import type { MatrixProduct } from '../model/engine/types';
import { monteCarloSamples, scorePercentile } from '../model/results/assemble';
import { type RowLayout, rankedRows, rowLayout, sampleProducts } from '../model/results/row-products';
import { meanExpLogvar } from '../model/results/gaussian';
import { type HeadContext, headPoint, predictHead } from '../model/results/heads';
import { checkpoint } from './fit-common';
import {
  brier, calibrationSlopeIntercept, expectedCalibrationError, groupBootstrap, intervalCoverage, meanAbsoluteError, regressionCalibration,
  rootMeanSquaredError,
} from './metrics';
import type { AdaptDataset } from './dataset';
import type { AdaptMethod, BinaryMetrics, ContinuousMetrics, HalfMetrics, HeadEvaluation } from './types';

/** One head's outputs on the test rows, in row order. */
export interface HeadOutputs {
  spec: HeadSpec;
  method: 'base' | AdaptMethod;
  values: Float64Array;
  intervals?: [number, number][];
}

/** Each test row's uncertainty percentile on the pack's reference quantiles. */
export function uncertaintyPercentiles(data: AdaptDataset, rows: Int32Array, manifest: PackManifest): Float64Array {
  const d = data.dim;
  return Float64Array.from(rows, (i) => scorePercentile(meanExpLogvar(data.logvar.subarray(i * d, (i + 1) * d)), manifest.uncertainty.quantiles));
}

/** Records whose Monte Carlo samples share one matrix product (as the runtime's predictor batches them). */
const PRODUCT_CHUNK = 8;

/**
 * The ranking heads' matrix product on onnxruntime (row-products.ts), as the runtime makes it; undefined when
 * onnxruntime cannot give one (the heads then rank in JavaScript, with the same outputs).
 */
async function headProduct(manifest: PackManifest, ctx: HeadContext): Promise<{ product: MatrixProduct; layout: RowLayout } | undefined> {
  const blocks = rankedRows(manifest, ctx);
  if (blocks.length === 0) return undefined;
  const layout = rowLayout(blocks, ctx.dim);
  try {
    return { product: await cpuMatrixProduct(layout.rows, layout.total, layout.dim), layout };
  } catch {
    return undefined;
  }
}

/**
 * Runs every head on every test row (intervals too when asked), through the runtime's head functions: the
 * pack's seeded Monte Carlo samples, the same matrix products, and one set of raw samples shared by a head
 * and its recalibrated copy.
 */
export async function headOutputs(
  data: AdaptDataset,
  rows: Int32Array,
  heads: { spec: HeadSpec; method: 'base' | AdaptMethod }[],
  manifest: PackManifest,
  ctx: HeadContext,
  intervals: boolean,
  signal?: AbortSignal,
  onRow?: (done: number) => void,
): Promise<HeadOutputs[]> {
  const d = data.dim;
  const out: HeadOutputs[] = heads.map((h) => ({ ...h, values: new Float64Array(rows.length), ...(intervals ? { intervals: [] } : {}) }));
  const gaussian = (i: number) => ({ mean: data.mean.subarray(i * d, (i + 1) * d), logvar: data.logvar.subarray(i * d, (i + 1) * d) });
  if (!intervals) {
    rows.forEach((i, r) => {
      const g = gaussian(i);
      for (const o of out) o.values[r] = headPoint(o.spec, g, ctx);
    });
    return out;
  }
  const samples = manifest.intervals.samples;
  const heads2 = await headProduct({ ...manifest, heads: heads.map((h) => h.spec) }, ctx);
  const buffers: Float64Array[] = [];
  try {
    for (let c = 0; c < rows.length; c += PRODUCT_CHUNK) {
      const chunk = Array.from(rows.subarray(c, c + PRODUCT_CHUNK), gaussian);
      const zs = chunk.map((g, k) => (buffers[k] = monteCarloSamples(manifest, g, buffers[k])));
      const products = heads2 ? await sampleProducts(heads2.product, heads2.layout, zs, samples) : undefined;
      chunk.forEach((g, k) => {
        const memo = new Map<string, number[]>();
        for (const o of out) {
          const p = predictHead(o.spec, g, zs[k] as Float64Array, samples, ctx, products?.[k], memo);
          o.values[c + k] = p.probability ?? (p.value as number);
          o.intervals?.push(p.interval);
        }
      });
      onRow?.(Math.min(rows.length, c + PRODUCT_CHUNK));
      await checkpoint(signal);
    }
  } finally {
    await heads2?.product.dispose();
  }
  return out;
}

/** Positive calls of a head (logistic: p >= threshold; knn / regressions by their callWhen). */
function calls(spec: HeadSpec, values: Float64Array): boolean[] {
  return Array.from(values, (v) => (spec.kind === 'logistic' ? v >= spec.threshold : spec.callWhen === 'below' ? v < spec.threshold : v > spec.threshold));
}

function binaryMetrics(o: HeadOutputs, y: Float64Array, groups: number[][], bootstrap: number, seed: number): BinaryMetrics {
  const items: LabelledScore[] = Array.from(o.values, (score, r) => ({ score, positive: y[r] === 1, uncertainty: 0 }));
  const c = calls(o.spec, o.values);
  // The confusion at the head's own call rule: score 1 for a positive call, threshold 0.5.
  const conf = confusionAt(c.map((called, r) => ({ score: called ? 1 : 0, positive: y[r] === 1, uncertainty: 0 })), 0.5);
  const ci = groupBootstrap(groups, (idx) => auroc(idx.map((r) => items[r] as LabelledScore)), { iterations: bootstrap, seed });
  const cal = calibrationSlopeIntercept(o.values, y);
  return {
    auroc: auroc(items),
    aurocInterval: ci && { low: ci.low, high: ci.high, level: ci.level },
    balancedAccuracy: conf.balancedAccuracy,
    sensitivity: conf.sensitivity,
    specificity: conf.specificity,
    threshold: o.spec.threshold,
    brier: brier(o.values, y),
    ece: expectedCalibrationError(o.values, y),
    calibrationSlope: cal?.slope ?? null,
    calibrationIntercept: cal?.intercept ?? null,
    calibration: calibrationCurve(items, 10),
  };
}

function continuousMetrics(o: HeadOutputs, y: Float64Array, level: number): ContinuousMetrics {
  const spec = o.spec as Exclude<HeadSpec, { kind: 'logistic' }>;
  const cov = o.intervals ? intervalCoverage(o.intervals, y) : { coverage: NaN, meanWidth: NaN };
  const truthCalls = Array.from(y, (v) => (spec.callWhen === 'below' ? v < spec.threshold : v > spec.threshold));
  const conf = confusionAt(calls(spec, o.values).map((called, r) => ({ score: called ? 1 : 0, positive: truthCalls[r] as boolean, uncertainty: 0 })), 0.5);
  let bias = 0;
  o.values.forEach((v, r) => (bias += v - (y[r] as number)));
  return {
    mae: meanAbsoluteError(o.values, y),
    rmse: rootMeanSquaredError(o.values, y),
    bias: bias / y.length,
    coverage: cov.coverage,
    meanWidth: cov.meanWidth,
    intervalLevel: level,
    call: { threshold: spec.threshold, callWhen: spec.callWhen, sensitivity: conf.sensitivity, specificity: conf.specificity, balancedAccuracy: conf.balancedAccuracy },
    calibration: regressionCalibration(o.values, y),
  };
}

function half(o: HeadOutputs, y: Float64Array, positions: number[], binary: boolean): HalfMetrics {
  const v = Float64Array.from(positions, (r) => o.values[r] as number);
  const t = Float64Array.from(positions, (r) => y[r] as number);
  if (positions.length === 0) return { n: 0 };
  if (binary) {
    const items = Array.from(v, (score, j) => ({ score, positive: t[j] === 1, uncertainty: 0 }));
    const c = calls(o.spec, v);
    const conf = confusionAt(c.map((called, j) => ({ score: called ? 1 : 0, positive: t[j] === 1, uncertainty: 0 })), 0.5);
    return { n: positions.length, auroc: auroc(items), balancedAccuracy: conf.balancedAccuracy, brier: brier(v, t) };
  }
  const cov = o.intervals ? intervalCoverage(positions.map((r) => (o.intervals as [number, number][])[r] as [number, number]), t).coverage : NaN;
  return { n: positions.length, mae: meanAbsoluteError(v, t), coverage: cov };
}

/** The report's metrics of one head on the test part. */
export function evaluateHead(
  o: HeadOutputs,
  y: Float64Array,
  binary: boolean,
  percentiles: Float64Array,
  splitPercentile: number,
  groups: number[][],
  options: { level: number; bootstrap: number; seed: number },
): HeadEvaluation {
  const low: number[] = [];
  const high: number[] = [];
  percentiles.forEach((p, r) => (p < splitPercentile ? low : high).push(r));
  return {
    head: o.spec.id,
    label: o.spec.label,
    kind: o.spec.kind,
    method: o.method,
    n: y.length,
    ...(binary ? { binary: binaryMetrics(o, y, groups, options.bootstrap, options.seed) } : { continuous: continuousMetrics(o, y, options.level) }),
    uncertaintySplit: { splitPercentile, low: half(o, y, low, binary), high: half(o, y, high, binary) },
  };
}

/** Test rows grouped by patient (positions into the test rows), for the cluster bootstrap. */
export function patientGroups(data: AdaptDataset, rows: Int32Array): number[][] {
  const by = new Map<number, number[]>();
  rows.forEach((i, r) => {
    const g = data.group[i] as number;
    const list = by.get(g);
    if (list) list.push(r);
    else by.set(g, [r]);
  });
  return [...by.values()];
}
