import type { CohortMetrics } from '../../core/cohort/types';

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '--' : x.toFixed(d));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '--' : `${(100 * x).toFixed(1)} %`);

/** The metrics as a readable report for `cohort metrics` without --json. */
export function metricsText(m: CohortMetrics): string {
  const c = m.atThreshold;
  const ci = m.aurocInterval ? ` (${Math.round(m.aurocInterval.level * 100)} % CI ${f(m.aurocInterval.low)}-${f(m.aurocInterval.high)}, ${m.aurocInterval.iterations} bootstrap resamples, seed ${m.aurocInterval.seed})` : '';
  const s = m.uncertaintySplit;
  const row = (name: string, g: typeof s.low) =>
    `| ${name} | ${g.n} | ${g.positives} | ${f(g.auroc)} | ${pct(g.atThreshold.sensitivity)} | ${pct(g.atThreshold.specificity)} | ${pct(g.atThreshold.balancedAccuracy)} |`;
  return [
    `Model ${m.modelId} ${m.modelVersion}, head ${m.head}, threshold ${m.threshold}`,
    `Labelled ECGs: ${m.n} (${m.positives} positive, ${m.negatives} negative)`,
    `AUROC ${f(m.auroc)}${ci}`,
    `At the threshold: sensitivity ${pct(c.sensitivity)}, specificity ${pct(c.specificity)}, PPV ${pct(c.ppv)}, NPV ${pct(c.npv)}, balanced accuracy ${pct(c.balancedAccuracy)} (TP ${c.tp}, FP ${c.fp}, TN ${c.tn}, FN ${c.fn})`,
    '',
    `Uncertainty split at the ${s.splitPercentile}th percentile:`,
    '| group | n | positive | AUROC | sensitivity | specificity | balanced accuracy |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('low uncertainty', s.low),
    row('high uncertainty', s.high),
    '',
    'Calibration (predicted -> observed, n):',
    ...m.calibration.filter((b) => b.count > 0).map((b) => `  ${f(b.low, 1)}-${f(b.high, 1)}: ${f(b.meanPredicted)} -> ${f(b.observed)} (${b.count})`),
    'Accuracy against coverage (most certain first):',
    ...m.coverage.map((p) => `  ${pct(p.coverage)} kept (uncertainty <= ${f(p.uncertaintyCut, 1)}): accuracy ${pct(p.accuracy)}`),
    '',
  ].join('\n');
}
