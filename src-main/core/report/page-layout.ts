/**
 * Where each lead goes on printed ECG paper, in millimetres from the grid's top-left corner.
 *
 * The lead placement (which lead in which row and column, the rhythm strips, the left margin for the
 * calibration pulse, the fallback for files without standard leads) is the canvas's: both take it from
 * src-shared/ecg-paper/lead-rows.ts, and tests/unit/core/report/page-layout.test.ts compares the two cell by
 * cell. Two things differ because paper is finite: rows share the page height (the canvas grows rows with the
 * gain and scrolls), and at 50 mm/s the page shows the seconds that fit (5 s) where the canvas pans over 10 s.
 */
import { leadRows, leftMarginMm, RIGHT_MARGIN_MM, type PaperCell } from '../../../src-shared/ecg-paper/lead-rows';
import type { ReportLayout } from './options';

// The report's drawing and tests import the shared paper constants from here too.
export { CAL_PULSE_MV, CAL_PULSE_S, leftMarginMm } from '../../../src-shared/ecg-paper/lead-rows';

/** Windows a page may show, longest first: the page takes the first that fits its width at the chosen speed. */
const PAGE_WINDOWS_S = [10, 5, 2.5, 1.25] as const;

/** One lead's box on the page, relative to the grid's top-left corner. */
export type PrintCell = PaperCell;

export interface PrintLayout {
  id: ReportLayout;
  rows: number;
  rowHeightMm: number;
  /** Paper y of each row's 0 mV line (where its calibration pulse stands). */
  rowBaselinesMm: number[];
  /** Seconds the page shows across (all columns of a row together). */
  windowS: number;
  cells: PrintCell[];
}

export interface PrintLayoutInput {
  layout: ReportLayout;
  leadNames: readonly string[];
  /** Duration of the group, seconds. */
  durationS: number;
  /** First second shown. */
  startS: number;
  speedMmPerS: number;
  /** The grid area the rows must fit, mm. */
  gridWidthMm: number;
  gridHeightMm: number;
}

/**
 * Row height that shares the grid height between the rows: whole millimetres, and a whole number of 5 mm
 * boxes when rows are tall enough, so every baseline lies on a heavy grid line and amplitudes read in boxes.
 */
export function printRowHeightMm(rows: number, gridHeightMm: number): number {
  const whole = Math.floor(gridHeightMm / Math.max(1, rows));
  return whole >= 20 ? Math.floor(whole / 5) * 5 : whole;
}

/** Where the baseline sits inside a row: 60 % down (the canvas's proportion), on a heavy line when it can. */
function baselineOffsetMm(rowHeightMm: number): number {
  return rowHeightMm % 5 === 0 ? Math.round((0.6 * rowHeightMm) / 5) * 5 : Math.round(0.6 * rowHeightMm);
}

/** Seconds a row shows: 10 s, else 5 s (50 mm/s) when 10 s does not fit the paper, less when the record is shorter. */
export function pageWindowS(input: Pick<PrintLayoutInput, 'durationS' | 'startS' | 'speedMmPerS' | 'gridWidthMm'>): number {
  const available = Math.max(0, input.durationS - input.startS);
  const fitS = (input.gridWidthMm - leftMarginMm(input.speedMmPerS) - RIGHT_MARGIN_MM) / input.speedMmPerS;
  const fitting: number = PAGE_WINDOWS_S.find((w) => w <= fitS + 1e-9) ?? 1.25;
  return Math.min(available, fitting);
}

/** Lays out one page of ECG paper. */
export function computePrintLayout(input: PrintLayoutInput): PrintLayout {
  const { layout, leadNames, speedMmPerS: speed } = input;
  const startS = Math.max(0, Math.min(input.startS, Math.max(0, input.durationS - 0.001)));
  const matrix = leadRows(layout, leadNames);
  const windowS = pageWindowS({ ...input, startS });
  const rowMm = printRowHeightMm(matrix.length, input.gridHeightMm);
  const left = leftMarginMm(speed);
  const cells: PrintCell[] = [];
  const baselines: number[] = [];
  matrix.forEach((names, row) => {
    const yMm = row * rowMm;
    const baselineMm = yMm + baselineOffsetMm(rowMm);
    const colS = windowS / names.length;
    names.forEach((lead, col) => {
      const t0 = startS + col * colS;
      cells.push({
        lead,
        leadIndex: leadNames.indexOf(lead),
        row,
        col,
        t0,
        t1: t0 + colS,
        xMm: left + col * colS * speed,
        yMm,
        wMm: colS * speed,
        hMm: rowMm,
        baselineMm,
      });
    });
    baselines.push(baselineMm);
  });
  return { id: layout, rows: matrix.length, rowHeightMm: rowMm, rowBaselinesMm: baselines, windowS, cells };
}
