import { describe, expect, it } from 'vitest';
import { cellAt, computeLayout, leftMarginMm, mvAtMm, rhythmStripLead, timeAtMm } from '../../../../src-renderer/src/features/trace/layout';

const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const base = { leadNames: TWELVE, durationS: 10, startS: 0, speedMmPerS: 25, gainMmPerMv: 10 } as const;

describe('page layouts', () => {
  it('3x4 + II: four 2.5 s columns of 62.5 mm and a 10 s lead II strip', () => {
    const l = computeLayout({ ...base, layout: '3x4+1' });
    expect(l.rows).toBe(4);
    expect(l.cells).toHaveLength(13);
    const v1 = l.cells.find((c) => c.lead === 'V1');
    expect(v1).toMatchObject({ row: 0, col: 2, t0: 5, t1: 7.5, wMm: 62.5 });
    const strip = l.cells[12];
    expect(strip).toMatchObject({ lead: 'II', row: 3, t0: 0, t1: 10, wMm: 250 });
    expect(l.widthMm).toBeCloseTo(leftMarginMm(25) + 250 + 3, 10);
    expect(l.rowBaselinesMm).toHaveLength(4);
  });

  it('3x4 + 3 strips uses V1, II, V5; 6x2 has two 5 s columns; 12x1 one 10 s row per lead', () => {
    expect(computeLayout({ ...base, layout: '3x4+3' }).cells.slice(12).map((c) => c.lead)).toEqual(['V1', 'II', 'V5']);
    const six = computeLayout({ ...base, layout: '6x2' });
    expect(six.cells).toHaveLength(12);
    expect(six.cells.find((c) => c.lead === 'V6')).toMatchObject({ row: 5, col: 1, t0: 5, t1: 10 });
    const twelve = computeLayout({ ...base, layout: '12x1' });
    expect(twelve.cells.map((c) => c.lead)).toEqual(TWELVE);
    expect(twelve.cells.every((c) => c.t1 - c.t0 === 10)).toBe(true);
  });

  it('scales the page with paper speed (50 mm/s doubles the width of the signal area)', () => {
    const a = computeLayout({ ...base, layout: '12x1' });
    const b = computeLayout({ ...base, layout: '12x1', speedMmPerS: 50 });
    expect(b.widthMm - leftMarginMm(50)).toBeCloseTo(2 * (a.widthMm - leftMarginMm(25)) - 3, 10);
  });

  it('marks leads the file lacks and lays out non-standard leads one per row', () => {
    const eight = computeLayout({ ...base, layout: '3x4+1', leadNames: ['I', 'II', 'V1'] });
    expect(eight.cells.find((c) => c.lead === 'aVR')?.leadIndex).toBe(-1);
    const holter = computeLayout({ ...base, layout: '3x4+1', leadNames: ['MLII', 'V5x'] });
    expect(holter.cells.map((c) => c.lead)).toEqual(['MLII', 'V5x']);
  });

  it('shows the whole median beat in each cell of a 3x4 grid', () => {
    const m = computeLayout({ ...base, layout: 'median', durationS: 1.2 });
    expect(m.cells).toHaveLength(12);
    expect(m.cells.every((c) => c.t0 === 0 && c.t1 === 1.2 && c.wMm === 30)).toBe(true);
  });

  it('maps a paper point back to lead, time and voltage', () => {
    const l = computeLayout({ ...base, layout: '3x4+1' });
    const v2 = l.cells.find((c) => c.lead === 'V2');
    if (!v2) throw new Error('no V2');
    const x = v2.xMm + 25; // 1 s into the cell
    expect(cellAt(l, x, v2.baselineMm)?.lead).toBe('V2');
    expect(timeAtMm(v2, x, 25)).toBeCloseTo(6, 10);
    expect(mvAtMm(v2, v2.baselineMm - 15, 10)).toBeCloseTo(1.5, 10);
  });

  it('pages long records from startS', () => {
    const l = computeLayout({ ...base, layout: '12x1', durationS: 30, startS: 10 });
    expect(l.cells[0]).toMatchObject({ t0: 10, t1: 20 });
  });
});

describe('every stored lead on the page', () => {
  it('puts MLII on the rhythm strip when II is absent, labelled MLII', () => {
    const mit = computeLayout({ ...base, layout: '3x4+1', leadNames: ['MLII', 'V1'] });
    const strip = mit.cells[12];
    expect(strip).toMatchObject({ lead: 'MLII', leadIndex: 0, t0: 0, t1: 10 });
    expect(mit.cells.filter((c) => c.leadIndex >= 0).map((c) => c.lead)).toEqual(['V1', 'MLII']);
    expect(computeLayout({ ...base, layout: '3x4+3', leadNames: ['MLII', 'V1', 'V5'] }).cells.slice(12).map((c) => c.lead)).toEqual(['V1', 'MLII', 'V5']);
    expect(rhythmStripLead(['I', 'II', 'MLII'])).toBe('II');
    expect(rhythmStripLead(['I'])).toBe('II');
  });

  it('adds extra leads (V3R, V7) as full rows below the standard layouts', () => {
    const fifteen = [...TWELVE, 'V3R', 'V4R', 'V7'];
    for (const layout of ['3x4+1', '3x4+3', '6x2'] as const) {
      const l = computeLayout({ ...base, layout, leadNames: fifteen });
      const extra = l.cells.slice(-3);
      expect(extra.map((c) => c.lead)).toEqual(['V3R', 'V4R', 'V7']);
      expect(extra.every((c) => c.t0 === 0 && c.t1 === 10 && c.col === 0)).toBe(true);
      expect(l.rows).toBe(extra[2]!.row + 1);
    }
    expect(computeLayout({ ...base, layout: '12x1', leadNames: fifteen }).cells.map((c) => c.lead)).toEqual(fifteen);
    const median = computeLayout({ ...base, layout: 'median', durationS: 1.2, leadNames: fifteen });
    expect(median.cells.slice(12).map((c) => [c.lead, c.t1])).toEqual([['V3R', 1.2], ['V4R', 1.2], ['V7', 1.2]]);
    // A lead already on the rhythm strip is not repeated.
    const mit = computeLayout({ ...base, layout: '3x4+1', leadNames: ['MLII', 'V1'] });
    expect(mit.cells.filter((c) => c.lead === 'MLII')).toHaveLength(1);
  });
});
