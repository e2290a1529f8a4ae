/**
 * The parts of a model prediction the card reads. Structural, so the contract's PredictionResult (and any
 * compatible extension, e.g. an operating point per head) is accepted as is.
 */
import type { OperatingPoint } from './predictive-values';

export interface HeadView {
  head: string;
  label: string;
  kind: string;
  probability?: number;
  value?: number;
  unit?: string;
  interval: [number, number];
  intervalLevel: number;
  threshold: number;
  call: 'positive' | 'negative';
  /** Sensitivity/specificity at the threshold, when the pack reports them (enables PPV/NPV). */
  operatingPoint?: OperatingPoint;
}

export interface SimilarReportView {
  id: string;
  score: number;
  matchProbability?: number;
  report: string;
  measurements: Record<string, number>;
  date?: string;
}

export interface PredictionView {
  model: { id: string; name: string; version: string; clinical: boolean; clinicalUseStatement: string; licence?: string };
  executionProvider: string;
  window: { startS: number; durationS: number; paddedS: number };
  uncertainty: { score: number; percentile: number; level: 'low' | 'high' | 'abstain' };
  predictions: HeadView[];
  similarReports: SimilarReportView[];
  stepVariance: { startS: number; stepS: number; values: number[] };
}

/** Formats a head's estimate: a percentage for probabilities, the value and unit for regressions. */
export function formatEstimate(h: Pick<HeadView, 'probability' | 'value' | 'unit'>, x?: number): string {
  if (h.probability !== undefined) return `${((x ?? h.probability) * 100).toFixed(0)} %`;
  const v = x ?? h.value;
  if (v === undefined) return 'n/a';
  return `${v.toFixed(Math.abs(v) >= 10 ? 0 : 1)}${h.unit ? ` ${h.unit}` : ''}`;
}
