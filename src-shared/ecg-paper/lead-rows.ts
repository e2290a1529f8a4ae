/**
 * Which lead goes in which row and column of ECG paper, on screen and in print alike: the 3x4 and 6x2
 * matrices, the rhythm strips, the 12x1 order, the fallback for files without standard leads, and the
 * calibration margin before the signal. The canvas (src-renderer/src/features/trace/layout.ts) and the PDF
 * report (src-main/core/report/page-layout.ts) size the rows differently (the screen scrolls, paper is finite)
 * but place the leads with these rules only. Pure: no Node, no DOM.
 */

/** Page layouts of the paper: grids with their rhythm strips, one lead per row, and the median-beat view. */
export type LeadLayoutId = '3x4+1' | '3x4+3' | '6x2' | '12x1' | 'median';

/** The twelve standard leads in reading order. */
export const STANDARD_LEAD_ORDER: readonly string[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

const GRID_3X4: readonly (readonly string[])[] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const GRID_6X2: readonly (readonly string[])[] = [
  ['I', 'V1'],
  ['II', 'V2'],
  ['III', 'V3'],
  ['aVR', 'V4'],
  ['aVL', 'V5'],
  ['aVF', 'V6'],
];

/** One lead's box on the paper, in mm from the paper's (or the print grid's) top-left corner. */
export interface PaperCell {
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

/** Calibration pulse: 1 mV high, 0.2 s wide (drawn at the chosen speed and gain). */
export const CAL_PULSE_MV = 1;
export const CAL_PULSE_S = 0.2;

/** Paper right of the last sample, mm. */
export const RIGHT_MARGIN_MM = 3;

/** Paper before the first sample of a row: 2 mm, the calibration pulse, 3 mm. */
export function leftMarginMm(speedMmPerS: number): number {
  return 2 + CAL_PULSE_S * speedMmPerS + 3;
}

/**
 * The lead drawn on the lead II rhythm strip: II, else a modified lead II (MLII, the Holter/monitoring
 * placement, e.g. MIT-BIH records), else another modified limb lead; labelled with its own name, never as II.
 */
export function rhythmStripLead(leadNames: readonly string[]): string {
  if (leadNames.includes('II')) return 'II';
  return leadNames.find((n) => n === 'MLII') ?? leadNames.find((n) => /^ML(I{1,3}|aV[RLF])$/.test(n)) ?? 'II';
}

/**
 * The rows of lead names a layout shows, top to bottom (a row of several names is split into columns). Grid
 * layouts fall back to one lead per row when the group has no standard lead, and every stored lead is on the
 * page: leads outside the grid (V3R, V7, MLII, ...) get a full-width row each below it. A grid cell whose lead
 * the file lacks keeps its place (the drawing says the lead is missing).
 */
export function leadRows(layout: LeadLayoutId, leadNames: readonly string[]): string[][] {
  const hasStandard = leadNames.some((n) => STANDARD_LEAD_ORDER.includes(n));
  if (!hasStandard || layout === '12x1') {
    const order = hasStandard
      ? [...STANDARD_LEAD_ORDER.filter((n) => leadNames.includes(n)), ...leadNames.filter((n) => !STANDARD_LEAD_ORDER.includes(n))]
      : [...leadNames];
    return order.map((n) => [n]);
  }
  const rows = (layout === '6x2' ? GRID_6X2 : GRID_3X4).map((r) => [...r]);
  const strip = rhythmStripLead(leadNames);
  if (layout === '3x4+1') rows.push([strip]);
  if (layout === '3x4+3') rows.push(['V1'], [strip], ['V5']);
  const onPage = new Set(rows.flat());
  for (const n of leadNames) if (!onPage.has(n)) rows.push([n]);
  return rows;
}
