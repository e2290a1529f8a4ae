import { describe, expect, it } from 'vitest';
import {
  accuracyCoverage, auroc, bootstrapAuroc, calibrationCurve, confusionAt, rocCurve, uncertaintySplit, type LabelledScore,
} from '../../../../src-main/core/cohort/metrics';

// Eight ECGs worked by hand (score, label, uncertainty percentile).
const ITEMS: LabelledScore[] = [
  { score: 0.9, positive: true, uncertainty: 10 }, // A
  { score: 0.8, positive: false, uncertainty: 60 }, // B
  { score: 0.7, positive: true, uncertainty: 20 }, // C
  { score: 0.6, positive: true, uncertainty: 70 }, // D
  { score: 0.55, positive: false, uncertainty: 30 }, // E
  { score: 0.3, positive: true, uncertainty: 80 }, // F
  { score: 0.2, positive: false, uncertainty: 40 }, // G
  { score: 0.1, positive: false, uncertainty: 90 }, // H
];

describe('cohort metrics (hand-computed)', () => {
  it('AUROC counts concordant pairs: 12 of 16', () => {
    expect(auroc(ITEMS)).toBeCloseTo(0.75, 12);
  });

  it('AUROC gives ties half credit and is null with one class', () => {
    expect(auroc([{ score: 0.5, positive: true, uncertainty: 0 }, { score: 0.5, positive: false, uncertainty: 0 }])).toBe(0.5);
    expect(auroc([
      { score: 0.5, positive: true, uncertainty: 0 }, { score: 0.4, positive: false, uncertainty: 0 },
      { score: 0.5, positive: false, uncertainty: 0 },
    ])).toBeCloseTo(0.75, 12);
    expect(auroc(ITEMS.filter((x) => x.positive))).toBeNull();
  });

  it('threshold metrics at 0.5: TP 3, FP 2, TN 2, FN 1', () => {
    const c = confusionAt(ITEMS, 0.5);
    expect(c).toMatchObject({ tp: 3, fp: 2, tn: 2, fn: 1, n: 8 });
    expect(c.sensitivity).toBeCloseTo(0.75, 12);
    expect(c.specificity).toBeCloseTo(0.5, 12);
    expect(c.ppv).toBeCloseTo(0.6, 12);
    expect(c.npv).toBeCloseTo(2 / 3, 12);
    expect(c.accuracy).toBeCloseTo(0.625, 12);
    expect(c.balancedAccuracy).toBeCloseTo(0.625, 12);
    expect(confusionAt([], 0.5).sensitivity).toBeNull();
  });

  it('calibration bins hold mean predicted and observed rate', () => {
    const [low, high] = calibrationCurve(ITEMS, 2);
    expect(low).toMatchObject({ low: 0, high: 0.5, count: 3 });
    expect(low?.meanPredicted).toBeCloseTo(0.2, 12);
    expect(low?.observed).toBeCloseTo(1 / 3, 12);
    expect(high).toMatchObject({ count: 5 });
    expect(high?.meanPredicted).toBeCloseTo(0.71, 12);
    expect(high?.observed).toBeCloseTo(0.6, 12);
    expect(calibrationCurve([{ score: 1, positive: true, uncertainty: 0 }], 10)[9]?.count).toBe(1);
  });

  it('accuracy against coverage keeps the most certain first', () => {
    const pts = accuracyCoverage(ITEMS, 0.5, 4);
    expect(pts.map((p) => [p.n, p.uncertaintyCut])).toEqual([[2, 20], [4, 40], [6, 70], [8, 90]]);
    expect(pts.map((p) => p.accuracy)).toEqual([1, 0.75, 4 / 6, 5 / 8]);
  });

  it('low/high uncertainty split at the 50th percentile', () => {
    const s = uncertaintySplit(ITEMS, 0.5);
    expect(s.low.n).toBe(4);
    expect(s.low.auroc).toBe(1);
    expect(s.low.atThreshold).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(s.high.n).toBe(4);
    expect(s.high.auroc).toBe(0.5);
    expect(s.high.atThreshold).toMatchObject({ tp: 1, fp: 1, tn: 1, fn: 1 });
  });

  it('ROC points integrate to the AUROC', () => {
    const pts = rocCurve(ITEMS);
    expect(pts[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(pts.at(-1)).toEqual({ fpr: 1, tpr: 1 });
    let area = 0;
    for (let i = 1; i < pts.length; i += 1) {
      const a = pts[i - 1] as { fpr: number; tpr: number };
      const b = pts[i] as { fpr: number; tpr: number };
      area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
    }
    expect(area).toBeCloseTo(0.75, 12);
  });

  it('bootstrap interval is reproducible for a seed and brackets the estimate', () => {
    const a = bootstrapAuroc(ITEMS, { iterations: 500, seed: 7 });
    const b = bootstrapAuroc(ITEMS, { iterations: 500, seed: 7 });
    const c = bootstrapAuroc(ITEMS, { iterations: 500, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a?.low).toBeLessThanOrEqual(0.75);
    expect(a?.high).toBeGreaterThanOrEqual(0.75);
    expect(a?.low).toBeGreaterThanOrEqual(0);
    expect(a?.high).toBeLessThanOrEqual(1);
    expect(bootstrapAuroc(ITEMS.filter((x) => !x.positive))).toBeNull();
  });
});
