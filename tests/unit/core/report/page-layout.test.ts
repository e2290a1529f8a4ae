/**
 * The printed page places leads as the canvas does (src-renderer/src/features/trace/layout.ts): same lead, row,
 * column, seconds and horizontal millimetres for every printed layout and lead set at 25 mm/s; at 50 mm/s the
 * same placement over the seconds that fit the paper. Rows share the paper's height.
 */
import { describe, expect, it } from 'vitest';
import { pageFrame } from '../../../../src-main/core/report/page-frame';
import { computePrintLayout, leftMarginMm, pageWindowS, printRowHeightMm } from '../../../../src-main/core/report/page-layout';
import { REPORT_LAYOUTS, REPORT_PAPERS } from '../../../../src-main/core/report/options';
import { computeLayout, leftMarginMm as canvasLeftMarginMm } from '../../../../src-renderer/src/features/trace/layout';

const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const LEAD_SETS: Record<string, string[]> = {
  twelve: TWELVE,
  'twelve in file order': ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'I', 'II', 'III', 'aVR', 'aVL', 'aVF'],
  'eight stored (no derived)': ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'],
  'fifteen-lead': [...TWELVE, 'V3R', 'V4R', 'V7'],
  'Holter (no standard lead)': ['ECG1', 'ECG2'],
  'monitoring pair': ['MLII', 'V1'],
};
const CASES = [
  { durationS: 10, startS: 0 },
  { durationS: 2.5, startS: 0 },
  { durationS: 30, startS: 12 },
];

const placement = (c: { lead: string; leadIndex: number; row: number; col: number; t0: number; t1: number; xMm: number; wMm: number }) => ({
  lead: c.lead, leadIndex: c.leadIndex, row: c.row, col: c.col, t0: c.t0, t1: c.t1, xMm: c.xMm, wMm: c.wMm,
});

describe('printed page layout follows the canvas layout', () => {
  it('uses the canvas left margin (2 mm, the calibration pulse, 3 mm)', () => {
    for (const speed of [25, 50]) expect(leftMarginMm(speed)).toBe(canvasLeftMarginMm(speed));
  });

  for (const paper of REPORT_PAPERS) {
    const frame = pageFrame(paper);
    for (const layout of REPORT_LAYOUTS) {
      for (const [setName, leadNames] of Object.entries(LEAD_SETS)) {
        it(`${paper} ${layout}, ${setName}: same cells as the canvas at 25 mm/s`, () => {
          for (const c of CASES) {
            const args = { layout, leadNames, ...c, speedMmPerS: 25 };
            const printed = computePrintLayout({ ...args, gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm });
            const shown = computeLayout({ ...args, gainMmPerMv: 10 });
            expect(printed.cells.map(placement)).toEqual(shown.cells.map(placement));
            expect(printed.rows).toBe(shown.rows);
          }
        });

        it(`${paper} ${layout}, ${setName}: at 50 mm/s the same placement over the seconds that fit`, () => {
          const args = { layout, leadNames, durationS: 10, startS: 0, speedMmPerS: 50 };
          const printed = computePrintLayout({ ...args, gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm });
          const shown = computeLayout({ ...args, gainMmPerMv: 10 });
          const ratio = printed.windowS / 10;
          expect(printed.windowS).toBe(5);
          expect(printed.cells.map((c) => [c.lead, c.row, c.col])).toEqual(shown.cells.map((c) => [c.lead, c.row, c.col]));
          printed.cells.forEach((c, i) => {
            const s = shown.cells[i];
            expect(c.t0).toBeCloseTo((s?.t0 ?? 0) * ratio, 9);
            expect(c.wMm).toBeCloseTo((s?.wMm ?? 0) * ratio, 9);
          });
        });
      }

      it(`${paper} ${layout}: every row and the signal fit the grid, baselines on whole millimetres`, () => {
        for (const speed of [25, 50]) {
          const l = computePrintLayout({ layout, leadNames: TWELVE, durationS: 10, startS: 0, speedMmPerS: speed, gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm });
          expect(l.rows * l.rowHeightMm).toBeLessThanOrEqual(frame.grid.hMm);
          for (const c of l.cells) expect(c.xMm + c.wMm + 3).toBeLessThanOrEqual(frame.grid.wMm);
          for (const b of l.rowBaselinesMm) expect(Number.isInteger(b)).toBe(true);
          if (l.rowHeightMm % 5 === 0) for (const b of l.rowBaselinesMm) expect(b % 5).toBe(0);
        }
      });
    }
  }

  it('rows are 40 mm (3x4+1), 25 mm (6 rows) on A4; 12x1 rows are whole millimetres', () => {
    const h = pageFrame('a4').grid.hMm;
    expect(printRowHeightMm(4, h)).toBe(40);
    expect(printRowHeightMm(6, h)).toBe(25);
    expect(Number.isInteger(printRowHeightMm(12, h))).toBe(true);
  });

  it('shows 10 s at 25 mm/s and 5 s at 50 mm/s on both papers; short records show what they have', () => {
    for (const paper of REPORT_PAPERS) {
      const gridWidthMm = pageFrame(paper).grid.wMm;
      expect(pageWindowS({ durationS: 10, startS: 0, speedMmPerS: 25, gridWidthMm })).toBe(10);
      expect(pageWindowS({ durationS: 10, startS: 0, speedMmPerS: 50, gridWidthMm })).toBe(5);
      expect(pageWindowS({ durationS: 3.2, startS: 0, speedMmPerS: 25, gridWidthMm })).toBeCloseTo(3.2, 9);
    }
  });
});
