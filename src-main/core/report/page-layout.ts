/**
 * Where each lead goes on printed ECG paper, in millimetres from the grid's top-left corner.
 *
 * The lead placement (which lead in which row and column, and which seconds each cell shows) follows the
 * canvas's layout module (src-renderer/src/features/trace/layout.ts) rule for rule: the same 3x4, 6x2 and 12x1
 * matrices, the same rhythm strips, the same left margin for the calibration pulse, the same fallback to one
 * lead per row for files without standard leads. tests/unit/core/report/page-layout.test.ts compares the two
 * cell by cell. Two things differ because paper is finite: rows share the page height (the canvas grows rows
 * with the gain and scrolls), and at 50 mm/s the page shows the seconds that fit (5 s) where the canvas pans
 * over 10 s.
 */
import { STANDARD_LEADS } from '../ecg/record';
import type { ReportLayout } from './options';

/** Calibration pulse: 1 mV high, 0.2 s wide (drawn at the chosen speed and gain). */
export const CAL_PULSE_S = 0.2;
export const CAL_PULSE_MV = 1;

/** Paper right of the last sample, mm (as on the canvas). */
export const RIGHT_MARGIN_MM = 3;

/** Windows a page may show, longest first: the page takes the first that fits its width at the chosen speed. */
const PAGE_WINDOWS_S = [10, 5, 2.5, 1.25] as const;

const GRID_3X4 = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const GRID_6X2 = [
  ['I', 'V1'],
  ['II', 'V2'],
  ['III', 'V3'],
  ['aVR', 'V4'],
  ['aVL', 'V5'],
  ['aVF', 'V6'],
];
const STANDARD: readonly string[] = STANDARD_LEADS;

/** Paper before the first sample of a row: 2 mm, the calibration pulse, 3 mm (as on the canvas). */
export function leftMarginMm(speedMmPerS: number): number {
  return 2 + CAL_PULSE_S * speedMmPerS + 3;
}

/** One lead's box on the page, relative to the grid's top-left corner. */
export interface PrintCell {
  lead: string;
  /** Index into the group's leads, or -1 when the file does not have this lead. */
  leadIndex: number;
  row: number;
  col: number;
  /** Seconds from the group's start at the cell's left and right edges. */
  t0: number;
  t1: number;
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
  /** Paper y of 0 mV. */
  baselineMm: number;
}

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

/** The rows of lead names a layout prints: the matrix, the rhythm strips, the extra leads (same rules as the canvas). */
export function leadRows(layout: ReportLayout, leadNames: readonly string[]): string[][] {
  const hasStandard = leadNames.some((n) => STANDARD.includes(n));
  if (!hasStandard || layout === '12x1') {
    const order = hasStandard
      ? [...STANDARD.filter((n) => leadNames.includes(n)), ...leadNames.filter((n) => !STANDARD.includes(n))]
      : [...leadNames];
    return order.map((n) => [n]);
  }
  const rows = layout === '6x2' ? GRID_6X2.map((r) => [...r]) : GRID_3X4.map((r) => [...r]);
  const strip = rhythmStripLead(leadNames);
  if (layout === '3x4+1') rows.push([strip]);
  if (layout === '3x4+3') rows.push(['V1'], [strip], ['V5']);
  // Every stored lead is on the page: leads outside the grid (V3R, V7, MLII...) get a full row each below it.
  const onPage = new Set(rows.flat());
  for (const n of leadNames) if (!onPage.has(n)) rows.push([n]);
  return rows;
}

/** The lead II rhythm strip's lead: II, else MLII (Holter placement), else another modified limb lead (as the canvas). */
function rhythmStripLead(leadNames: readonly string[]): string {
  if (leadNames.includes('II')) return 'II';
  return leadNames.find((n) => n === 'MLII') ?? leadNames.find((n) => /^ML(I{1,3}|aV[RLF])$/.test(n)) ?? 'II';
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
