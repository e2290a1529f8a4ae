import { CoreError } from '../errors';
import {
  accuracyCoverage, bootstrapAuroc, calibrationCurve, confusionAt, type LabelledScore, auroc, rocCurve, uncertaintySplit,
} from './metrics';
import type { CohortStore } from './store';
import type { CohortMetrics } from './types';

export interface MetricsOptions {
  bootstrapIterations?: number;
  seed?: number;
  bins?: number;
  splitPercentile?: number;
}

/** Computes the cohort's metrics for its current model; NO_LABELS when no scored ECG has a label. */
export function cohortMetrics(store: CohortStore, cohortId: number, options: MetricsOptions = {}): CohortMetrics {
  const c = store.cohort(cohortId);
  if (c.model_id === null || c.model_version === null) {
    throw new CoreError('NO_LABELS', 'This cohort has not been scored yet: score it, then import labels.');
  }
  const rows = store.db
    .prepare(
      `SELECT p.risk AS score, l.positive AS positive, p.uncertainty_percentile AS uncertainty, p.risk_threshold AS threshold,
              p.primary_head AS head
       FROM ecg_files f JOIN labels l ON l.id = f.label_id
       JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id = ? AND p.model_version = ?
       WHERE f.cohort_id = ? AND p.risk IS NOT NULL AND l.positive IS NOT NULL ORDER BY f.id`,
    )
    .all(c.model_id, c.model_version, cohortId) as {
    score: number; positive: number; uncertainty: number; threshold: number | null; head: string | null;
  }[];
  if (rows.length === 0) {
    throw new CoreError('NO_LABELS', 'No scored ECG in this cohort has a label: import a labels file that matches its ECGs.');
  }
  const items: LabelledScore[] = rows.map((r) => ({ score: r.score, positive: r.positive === 1, uncertainty: r.uncertainty }));
  const threshold = rows[0]?.threshold ?? 0.5;
  const positives = items.filter((x) => x.positive).length;
  const ci = bootstrapAuroc(items, { iterations: options.bootstrapIterations ?? 1000, seed: options.seed ?? 20240601 });
  return {
    cohortId, modelId: c.model_id, modelVersion: c.model_version, head: rows[0]?.head ?? '', threshold,
    n: items.length, positives, negatives: items.length - positives,
    auroc: auroc(items),
    aurocInterval: ci ? { low: ci.low, high: ci.high, level: ci.level, iterations: ci.iterations, seed: ci.seed } : null,
    atThreshold: confusionAt(items, threshold),
    calibration: calibrationCurve(items, options.bins ?? 10),
    coverage: accuracyCoverage(items, threshold),
    uncertaintySplit: uncertaintySplit(items, threshold, options.splitPercentile ?? 50),
    roc: rocCurve(items),
    computedAt: new Date().toISOString(),
  };
}
