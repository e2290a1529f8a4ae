/**
 * What the card reads of a model prediction: the contract's own types (the renderer imports only types from it),
 * so a field added to a head prediction (e.g. its operating point) reaches the card without a second definition.
 */
import type { HeadPrediction, PredictionDto, SimilarReport, StoredPredictionDto } from '../../../../src-main/contract/index';

export type HeadView = HeadPrediction;
export type SimilarReportView = SimilarReport;

/** Where a prediction on screen comes from: a run of the model now, or a cohort's batch scoring. */
export type PredictionOrigin = { kind: 'run' } | { kind: 'cohort'; scoredAt: string };

/**
 * A prediction as the card shows it. A run carries its embedding (the comparison with a prior needs it); a
 * cohort's stored prediction has no embedding, no similar reports and no per-step variance (not stored).
 */
export type PredictionView = Omit<PredictionDto, 'embedding'> & {
  embedding?: PredictionDto['embedding'];
  origin: PredictionOrigin;
};

export function fromRun(dto: PredictionDto): PredictionView {
  return { ...dto, origin: { kind: 'run' } };
}

/** A cohort's stored prediction in the card's shape (what was not stored is empty, and the card says so). */
export function fromStored(s: StoredPredictionDto): PredictionView {
  return {
    model: s.model,
    executionProvider: s.executionProvider,
    window: s.window,
    uncertainty: {
      ...s.uncertainty,
      ...(s.splitPercentile !== null ? { splitPercentile: s.splitPercentile } : {}),
      ...(s.abstainPercentile !== null ? { abstainPercentile: s.abstainPercentile } : {}),
    },
    predictions: s.predictions,
    similarReports: [],
    stepVariance: { startS: s.window.startS, stepS: 1, values: [] },
    origin: { kind: 'cohort', scoredAt: s.scoredAt },
  };
}
