/**
 * What the card reads of a model prediction: the contract's own types (the renderer imports only types from it),
 * so a field added to a head prediction (e.g. its operating point) reaches the card without a second definition.
 */
import type { HeadPrediction, PredictionDto, SimilarReport } from '../../../../src-main/contract/index';

export type HeadView = HeadPrediction;
export type SimilarReportView = SimilarReport;
export type PredictionView = Omit<PredictionDto, 'embedding'>;

/** Formats a head's estimate: a percentage for probabilities, the value and unit for regressions. */
export function formatEstimate(h: Pick<HeadView, 'probability' | 'value' | 'unit'>, x?: number): string {
  if (h.probability !== undefined) return `${((x ?? h.probability) * 100).toFixed(0)} %`;
  const v = x ?? h.value;
  if (v === undefined) return 'n/a';
  return `${v.toFixed(Math.abs(v) >= 10 ? 0 : 1)}${h.unit ? ` ${h.unit}` : ''}`;
}
