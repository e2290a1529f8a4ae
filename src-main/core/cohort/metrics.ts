/**
 * Validation metrics on a labelled cohort, as pure functions on plain arrays (tested against hand-computed
 * values). Positive class: the finding (e.g. LVEF < 40 %); score: the primary head's probability.
 */
import { mulberry32 } from '../random';

export interface LabelledScore {
  score: number;
  positive: boolean;
  /** Uncertainty percentile (0..100) on the pack's reference set: higher is less certain. */
  uncertainty: number;
}

export { mulberry32 };

/** AUROC as the Mann-Whitney U statistic with average ranks for ties; null when a class is empty. */
export function auroc(items: readonly LabelledScore[]): number | null {
  const nPos = items.reduce((n, x) => n + (x.positive ? 1 : 0), 0);
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as LabelledScore).score === (sorted[i] as LabelledScore).score) j += 1;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) if ((sorted[k] as LabelledScore).positive) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Percentile bootstrap interval of the AUROC (resamples with a single class are redrawn-free: skipped). */
export function bootstrapAuroc(
  items: readonly LabelledScore[],
  options: { iterations?: number; seed?: number; level?: number } = {},
): { low: number; high: number; iterations: number; used: number; seed: number; level: number } | null {
  const iterations = options.iterations ?? 1000;
  const seed = options.seed ?? 20240601;
  const level = options.level ?? 0.95;
  if (auroc(items) === null) return null;
  const rand = mulberry32(seed);
  const values: number[] = [];
  const sample: LabelledScore[] = new Array(items.length);
  for (let b = 0; b < iterations; b += 1) {
    for (let i = 0; i < items.length; i += 1) sample[i] = items[Math.floor(rand() * items.length)] as LabelledScore;
    const a = auroc(sample);
    if (a !== null) values.push(a);
  }
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  const q = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(p * (values.length - 1))))] as number;
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2), iterations, used: values.length, seed, level };
}

export interface Confusion {
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: number | null;
  specificity: number | null;
  ppv: number | null;
  npv: number | null;
  accuracy: number | null;
  balancedAccuracy: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Confusion matrix and rates at a threshold (score >= threshold calls positive, as the heads do). */
export function confusionAt(items: readonly LabelledScore[], threshold: number): Confusion {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (const x of items) {
    const called = x.score >= threshold;
    if (called && x.positive) tp += 1;
    else if (called) fp += 1;
    else if (x.positive) fn += 1;
    else tn += 1;
  }
  const sensitivity = ratio(tp, tp + fn);
  const specificity = ratio(tn, tn + fp);
  return {
    n: items.length, tp, fp, tn, fn, sensitivity, specificity,
    ppv: ratio(tp, tp + fp), npv: ratio(tn, tn + fn), accuracy: ratio(tp + tn, items.length),
    balancedAccuracy: sensitivity === null || specificity === null ? null : (sensitivity + specificity) / 2,
  };
}

export interface CalibrationBin {
  low: number;
  high: number;
  count: number;
  meanPredicted: number | null;
  observed: number | null;
}

/** Reliability curve: equal-width probability bins (the last bin includes 1.0). */
export function calibrationCurve(items: readonly LabelledScore[], bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ sum: 0, pos: 0, count: 0 }));
  for (const x of items) {
    const b = acc[Math.min(bins - 1, Math.max(0, Math.floor(x.score * bins)))] as { sum: number; pos: number; count: number };
    b.sum += x.score;
    b.pos += x.positive ? 1 : 0;
    b.count += 1;
  }
  return acc.map((b, i) => ({
    low: i / bins, high: (i + 1) / bins, count: b.count,
    meanPredicted: ratio(b.sum, b.count), observed: ratio(b.pos, b.count),
  }));
}

export interface CoveragePoint {
  coverage: number;
  /** Highest uncertainty percentile kept at this coverage. */
  uncertaintyCut: number;
  n: number;
  accuracy: number;
}

/**
 * Accuracy against coverage as the uncertainty cut-off moves: keep the most certain ECGs first. One point per
 * `steps`-th of the cohort (ties in uncertainty are kept together), so the curve is small for any size.
 */
export function accuracyCoverage(items: readonly LabelledScore[], threshold: number, steps = 20): CoveragePoint[] {
  const sorted = [...items].sort((a, b) => a.uncertainty - b.uncertainty);
  const points: CoveragePoint[] = [];
  let correct = 0;
  let nextMark = 1;
  for (let i = 0; i < sorted.length; i += 1) {
    const x = sorted[i] as LabelledScore;
    if (x.score >= threshold === x.positive) correct += 1;
    const n = i + 1;
    const tiedNext = i + 1 < sorted.length && (sorted[i + 1] as LabelledScore).uncertainty === x.uncertainty;
    if (!tiedNext && n / sorted.length >= nextMark / steps - 1e-12) {
      points.push({ coverage: n / sorted.length, uncertaintyCut: x.uncertainty, n, accuracy: correct / n });
      while (nextMark / steps <= n / sorted.length + 1e-12) nextMark += 1;
    }
  }
  return points;
}

export interface GroupSummary {
  n: number;
  positives: number;
  auroc: number | null;
  atThreshold: Confusion;
}

export function summarise(items: readonly LabelledScore[], threshold: number): GroupSummary {
  return {
    n: items.length, positives: items.filter((x) => x.positive).length,
    auroc: auroc(items), atThreshold: confusionAt(items, threshold),
  };
}

/** The paper's table: metrics in the low- and high-uncertainty halves (split at a percentile, default 50). */
export function uncertaintySplit(items: readonly LabelledScore[], threshold: number, splitPercentile = 50) {
  return {
    splitPercentile,
    low: summarise(items.filter((x) => x.uncertainty < splitPercentile), threshold),
    high: summarise(items.filter((x) => x.uncertainty >= splitPercentile), threshold),
  };
}

/** ROC points (false-positive rate, true-positive rate) at each distinct score, thinned to `maxPoints`. */
export function rocCurve(items: readonly LabelledScore[], maxPoints = 200): { fpr: number; tpr: number }[] {
  const nPos = items.filter((x) => x.positive).length;
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return [];
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const pts = [{ fpr: 0, tpr: 0 }];
  let tp = 0, fp = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const x = sorted[i] as LabelledScore;
    if (x.positive) tp += 1;
    else fp += 1;
    if (i + 1 === sorted.length || (sorted[i + 1] as LabelledScore).score !== x.score) pts.push({ fpr: fp / nNeg, tpr: tp / nPos });
  }
  if (pts.length <= maxPoints) return pts;
  const step = (pts.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => pts[Math.round(k * step)] as { fpr: number; tpr: number });
}
