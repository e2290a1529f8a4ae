import { describe, expect, it } from 'vitest';
import type { EcgBeats, EmbeddingChange } from '../../../src-main/contract/index';
import type { HeadView } from '../../../src-renderer/src/features/ai-card/prediction-view';
import { alignCells, firstIn, shiftedLayout } from '../../../src-renderer/src/features/compare/alignment';
import { changeMethod, changeSentence, headChanges, pText, uncertaintyShort } from '../../../src-renderer/src/features/compare/compare-wording';
import { axisDifference, compareMeasurements, signed } from '../../../src-renderer/src/features/compare/measurement-diff';
import { computeLayout } from '../../../src-renderer/src/features/trace/layout';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

function beats(first: number, rr: number, perLeadShift = 0): EcgBeats {
  const b: number[] = [];
  for (let t = first; t < 10; t += rr) b.push(Math.round(t * 1000) / 1000);
  return { sampleRateHz: 500, beatsS: b, leads: LEADS.map((name) => ({ name, qrsS: b.map((t) => t + (name === 'V1' ? perLeadShift : 0)) })) };
}

describe('beat alignment of a prior ECG', () => {
  const page = computeLayout({ layout: '3x4+1', leadNames: LEADS, durationS: 10, startS: 0, speedMmPerS: 25, gainMmPerMv: 10 });

  it('puts the prior\'s first QRS of each strip under the current one\'s, per lead and per column', () => {
    const current = beats(0.3, 0.8);
    const prior = beats(0.55, 1.0, 0.012);
    const a = alignCells(page.cells, current, prior);
    expect(a).toHaveLength(page.cells.length);
    for (const x of a) {
      const cell = page.cells.find((c) => c.row === x.row && c.col === x.col);
      if (!cell) throw new Error('cell');
      expect(x.currentQrsS).not.toBeNull();
      // The current QRS is the first one inside the strip's window.
      expect(x.currentQrsS as number).toBeGreaterThanOrEqual(cell.t0);
      expect(firstIn(current.beatsS, cell.t0, cell.t1)).toBe(x.currentQrsS);
      // Shifted, the prior's QRS falls exactly on the current's.
      expect((x.priorQrsS as number) - x.offsetS).toBeCloseTo(x.currentQrsS as number, 9);
    }
    // V1 has its own fiducial 12 ms later in the prior: its strips are shifted 12 ms more than V2's.
    const v1 = a.find((x) => x.lead === 'V1') as (typeof a)[number];
    const v2 = a.find((x) => x.lead === 'V2') as (typeof a)[number];
    expect(v1.offsetS - v2.offsetS).toBeCloseTo(0.012, 9);
    const shifted = shiftedLayout(page, a);
    shifted.cells.forEach((c, i) => expect(c.t0 - (page.cells[i]?.t0 as number)).toBeCloseTo(a[i]?.offsetS as number, 9));
    expect(shifted.cells.map((c) => c.xMm)).toEqual(page.cells.map((c) => c.xMm));
  });

  it('falls back to the whole record\'s first beats where a strip has no QRS, and to 0 without beats', () => {
    const current: EcgBeats = { sampleRateHz: 500, beatsS: [0.5, 6.0], leads: [] };
    const prior: EcgBeats = { sampleRateHz: 500, beatsS: [0.9, 6.2], leads: [] };
    const a = alignCells(page.cells, current, prior);
    const empty = a.find((x) => x.col === 1 && x.row < 3);
    expect(empty).toMatchObject({ currentQrsS: null, priorQrsS: null });
    expect(empty?.offsetS).toBeCloseTo(0.4, 9);
    expect(alignCells(page.cells, { sampleRateHz: 500, beatsS: [], leads: [] }, prior).every((x) => x.offsetS === 0)).toBe(true);
  });
});

describe('device measurements side by side', () => {
  it('differences with the limits a reader flags, axes on the circle', () => {
    const rows = compareMeasurements(
      { heartRateBpm: 72, prMs: 160, qrsMs: 124, qtMs: 400, qtcMs: 440, qrsAxisDeg: -170 },
      { heartRateBpm: 60, prMs: 150, qrsMs: 96, qtMs: 390, qrsAxisDeg: 170, tAxisDeg: 40 },
    );
    const by = (k: string) => rows.find((r) => r.key === k);
    expect(by('heartRateBpm')).toMatchObject({ difference: 12, flagged: true });
    expect(by('prMs')).toMatchObject({ difference: 10, flagged: false });
    expect(by('qrsMs')).toMatchObject({ difference: 28, flagged: true });
    expect(by('qtcMs')).toMatchObject({ current: 440, prior: null, difference: null, flagged: false });
    expect(by('qrsAxisDeg')).toMatchObject({ difference: 20, flagged: false });
    expect(by('tAxisDeg')).toMatchObject({ current: null, prior: 40 });
    expect(by('pAxisDeg')).toBeUndefined();
    expect(axisDifference(10, 350)).toBe(20);
    expect(axisDifference(0, 180)).toBe(180);
    expect(signed(12, 'ms')).toBe('+12 ms');
    expect(signed(-4, 'bpm')).toBe('−4 bpm');
    expect(signed(-30, '°')).toBe('−30°');
  });
});

const head = (h: Partial<HeadView>): HeadView => ({
  head: 'x', label: 'LVEF < 40 %', kind: 'logistic', interval: [0, 1], intervalLevel: 0.9, threshold: 0.5, call: 'negative', ...h,
});

describe('AI comparison wording', () => {
  it('says each finding now and before, the change, and whether it is beyond the model\'s uncertainty', () => {
    const current = [
      head({ head: 'p', probability: 0.62, interval: [0.5, 0.72] }),
      head({ head: 'k', label: 'LVEF (nearest echo studies)', kind: 'knn', value: 35.2, unit: '%', interval: [28, 44], threshold: 40 }),
      head({ head: 'only-now', probability: 0.1 }),
    ];
    const prior = [
      head({ head: 'p', probability: 0.17, interval: [0.12, 0.25] }),
      head({ head: 'k', label: 'LVEF (nearest echo studies)', kind: 'knn', value: 58.4, unit: '%', interval: [41, 70], threshold: 40 }),
    ];
    const c = headChanges(current, prior);
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ label: 'LVEF < 40 %', now: '62 %', before: '17 %', change: 'up 45 points', beyondUncertainty: true });
    expect(c[1]).toMatchObject({ label: 'LVEF, from similar echo studies', now: '35 %', before: '58 %', change: 'down 23 points', beyondUncertainty: false });
    expect(headChanges([head({ probability: 0.2, interval: [0.1, 0.3] })], [head({ probability: 0.202, interval: [0.1, 0.3] })])[0]?.change).toBe('no change');
    expect(headChanges([head({ probability: 0.21, interval: [0.1, 0.3] })], [head({ probability: 0.2, interval: [0.1, 0.3] })])[0]?.change).toBe('up 1 point');
  });

  it('states the embedding test in one sentence, and how it was made', () => {
    const base: EmbeddingChange = {
      basis: 'library', dimensions: 6, explainedVariance: 0.952, meanShift: 0.9, modelSpread: 1.3, csd: 2.5, statistic: 90, threshold: 12.59,
      pValue: 1e-9, level: 0.95, ratio: 2.67, changed: true,
    };
    expect(changeSentence(base)).toBe("Changed beyond the model's own uncertainty: the two ECGs differ by 2.7 times what that uncertainty allows (p < 0.001).");
    expect(changeSentence({ ...base, changed: false, ratio: 0.41, pValue: 0.62 })).toBe(
      "No change beyond the model's own uncertainty: the difference is 0.4 times what that uncertainty allows (p = 0.62).",
    );
    expect(changeMethod(base)).toContain('the 6 directions in which the pack\'s echo studies differ most (95 % of their spread)');
    expect(pText(0.034)).toBe('p = 0.034');
    expect(pText(0.998)).toBe('p > 0.99');
    expect(uncertaintyShort({ level: 'high', percentile: 72 })).toBe('high, 72nd percentile');
  });
});
