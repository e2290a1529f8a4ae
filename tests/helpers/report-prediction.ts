import type { ReportPrediction } from '../../src-main/core/report/ai-summary';

/** A complete, hand-made prediction for report tests (not-for-clinical-use pack, two heads, two similar reports). */
export function prediction(patch: Partial<ReportPrediction> = {}): ReportPrediction {
  return {
    model: { id: 'pack', name: 'Test pack', version: '1.2.3', clinical: false, clinicalUseStatement: 'Research only.', licence: 'x' },
    executionProvider: 'cpu',
    window: { startS: 0, durationS: 10, paddedS: 0 },
    uncertainty: { score: 0.0123, percentile: 42.4, level: 'low' },
    predictions: [
      { head: 'lvef-lt-40', label: 'LVEF < 40 %', kind: 'logistic', probability: 0.62, interval: [0.5, 0.71], intervalLevel: 0.9, threshold: 0.5, call: 'positive' },
      { head: 'lvef', label: 'LVEF', kind: 'knn', value: 38.4, unit: '%', interval: [31.2, 45.9], intervalLevel: 0.9, threshold: 40, call: 'positive' },
    ],
    similarReports: [
      { id: 'echo-1', score: 1.2345, matchProbability: 0.7, report: 'LV   dilated,\nEF reduced.', measurements: { lvef: 35.25 }, date: '2020-01-02' },
      { id: 'echo-2', score: 1.5, report: 'Normal.', measurements: {} },
    ],
    stepVariance: { startS: 0, stepS: 0.08, values: [1, 2, 3] },
    ...patch,
  };
}
