/**
 * Finiteness and range checks at the model's boundaries: the preprocessed input, the network's outputs and the
 * assembled prediction. Nothing non-finite or out of range is ever shown, stored or exported as a result: a
 * record that fails gets a coded error of its own (the other records of its batch are unaffected).
 */
import { CoreError, type ErrorValue } from '../errors';
import { outsidePlausibleRange } from './results/plausible-range';
import type { PredictionResult } from './types';

/**
 * Largest |value| of a standardised model input. A plausible ECG (<= 50 mV) with a validated scaler stays far
 * below; beyond this the float32 input has overflowed or the scaling is broken.
 */
export const MAX_STANDARDISED_INPUT = 1e6;
/**
 * Range of a log-variance (log sigma^2) the post-processing accepts. exp() of it must stay finite in every sum
 * over 512 dimensions; a trained encoder's values sit near -10..5.
 */
export const LOGVAR_LIMIT = 60;
/** The pooled mean is L2-normalised, so no component can exceed 1 (a little slack for float16 packs). */
const MEAN_LIMIT = 1 + 1e-3;

/** IMPLAUSIBLE_SIGNAL when a preprocessed input holds a non-finite or overflowing value. */
export function checkModelInput(data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!(v <= MAX_STANDARDISED_INPUT && v >= -MAX_STANDARDISED_INPUT)) {
      throw new CoreError('IMPLAUSIBLE_SIGNAL', 'The ECG gives a model input that is not finite after preprocessing: it cannot be scored.');
    }
  }
}

/** One record's network outputs, as the checks name them (the manifest's output names). */
export interface NamedOutputs {
  mean: ArrayLike<number>;
  logvar: ArrayLike<number>;
  stepLogvar: ArrayLike<number>;
}

/** Where the first bad value of `values` lies: 'non-finite', 'range', or undefined when all are fine. */
function scan(values: ArrayLike<number>, limit: number): 'non-finite' | 'range' | undefined {
  let outOfRange = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v <= limit && v >= -limit) continue;
    if (!Number.isFinite(v)) return 'non-finite';
    outOfRange = true;
  }
  return outOfRange ? 'range' : undefined;
}

/** The manifest's names of the three outputs (messages name the output as the pack does). */
export type OutputNames = Record<keyof NamedOutputs, string>;

/** The first output holding a bad value and what is wrong with it: the rule it breaks, in words. */
export interface BadOutput {
  output: keyof NamedOutputs;
  kind: 'non-finite' | 'range';
  rule: string;
}

/** Finds the first bad network output (mean, then logvar, then step logvar), or undefined when all are usable. */
export function badOutput(o: NamedOutputs): BadOutput | undefined {
  const checks: [keyof NamedOutputs, number, string][] = [
    ['mean', MEAN_LIMIT, 'an L2-normalised mean has components within ±1'],
    ['logvar', LOGVAR_LIMIT, `log-variances must lie within ±${LOGVAR_LIMIT}`],
    ['stepLogvar', LOGVAR_LIMIT, `log-variances must lie within ±${LOGVAR_LIMIT}`],
  ];
  for (const [output, limit, rule] of checks) {
    const kind = scan(o[output], limit);
    if (kind !== undefined) return { output, kind, rule };
  }
  return undefined;
}

/**
 * A record's bad network output as a coded error naming the output (NON_FINITE_OUTPUT for NaN or infinity,
 * IMPLAUSIBLE_OUTPUT for a value outside its range), or undefined when all are usable.
 */
export function networkOutputProblem(o: NamedOutputs, names: OutputNames): ErrorValue | undefined {
  const bad = badOutput(o);
  if (bad === undefined) return undefined;
  const name = names[bad.output];
  if (bad.kind === 'non-finite') {
    return { code: 'NON_FINITE_OUTPUT', message: `The model's network returned non-finite values in its "${name}" output for this ECG: no result is shown.` };
  }
  return { code: 'IMPLAUSIBLE_OUTPUT', message: `The model's network returned out-of-range values in its "${name}" output for this ECG (${bad.rule}): no result is shown.` };
}

const finite = (v: number | undefined): boolean => v !== undefined && Number.isFinite(v);

/** What is wrong with an assembled prediction (uncertainty, heads, intervals, retrieval, step variance), if anything. */
function predictionFault(r: PredictionResult): string | undefined {
  const u = r.uncertainty;
  if (!finite(u.score) || u.score < 0) return 'the uncertainty score';
  if (!finite(u.percentile) || u.percentile < 0 || u.percentile > 100) return 'the uncertainty percentile';
  for (const h of r.predictions) {
    if (h.probability !== undefined && !(h.probability >= 0 && h.probability <= 1)) return `the ${h.label} probability`;
    if (h.value !== undefined && !finite(h.value)) return `the ${h.label} estimate`;
    if (h.probability === undefined && h.value === undefined) return `the ${h.label} estimate`;
    const [lo, hi] = h.interval;
    if (!finite(lo) || !finite(hi) || lo > hi) return `the ${h.label} interval`;
  }
  for (const s of [...r.similarReports, ...(r.similarSiteEcgs ?? [])]) {
    if (!finite(s.score)) return 'a similar-report distance';
    if (s.matchProbability !== undefined && !(s.matchProbability >= 0 && s.matchProbability <= 1)) return 'a match probability';
  }
  if (r.stepVariance.values.some((v) => !finite(v) || v < 0)) return 'the per-step variance';
  return undefined;
}

/**
 * NON_FINITE_OUTPUT naming the part of a prediction that is not finite or out of range; IMPLAUSIBLE_OUTPUT when a
 * head's estimate lies outside the values its measurement can take (the plausible range a site-adapted head
 * states: a fitted linear map can extrapolate); undefined when it is sound.
 */
export function predictionProblem(r: PredictionResult): ErrorValue | undefined {
  const fault = predictionFault(r);
  if (fault !== undefined) {
    return { code: 'NON_FINITE_OUTPUT', message: `The model gave a non-finite or out-of-range value for ${fault} of this ECG: no result is shown.` };
  }
  const h = r.predictions.find((p) => outsidePlausibleRange(p) !== undefined);
  if (!h?.plausibleRange) return undefined;
  const [lo, hi] = h.plausibleRange;
  const unit = h.unit ? ` ${h.unit}` : '';
  return {
    code: 'IMPLAUSIBLE_OUTPUT',
    message: `The ${h.label} ${outsidePlausibleRange(h)} lies outside the values the measurement can take (${lo} to ${hi}${unit}) for this ECG: no result is shown.`,
  };
}
