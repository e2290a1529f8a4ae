/**
 * Page layouts on ECG paper, in millimetres: which lead goes in which cell and which seconds it shows.
 * Pure: the canvas and the tests both read the same cells.
 */
import { CAL_PULSE_S } from './geometry';

export const LAYOUTS = ['3x4+1', '3x4+3', '6x2', '12x1', 'median'] as const;
export type LayoutId = (typeof LAYOUTS)[number];

export const LAYOUT_LABELS: Record<LayoutId, string> = {
  '3x4+1': '3x4 + II rhythm',
  '3x4+3': '3x4 + V1/II/V5',
  '6x2': '6x2',
  '12x1': '12x1',
  median: 'Median beat',
};

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
const STANDARD = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** The paper speed and gain of the reference page that Fit sizes (see viewport.ts basePxPerMm). */
export const REFERENCE_SPEED_MM_PER_S = 25;
export const REFERENCE_GAIN_MM_PER_MV = 10;

/**
 * The lead drawn on the lead II rhythm strip: II, else a modified lead II (MLII, the Holter/monitoring
 * placement, e.g. MIT-BIH records), else another modified limb lead; labelled with its own name, never as II.
 */
export function rhythmStripLead(leadNames: readonly string[]): string {
  if (leadNames.includes('II')) return 'II';
  return leadNames.find((n) => n === 'MLII') ?? leadNames.find((n) => /^ML(I{1,3}|aV[RLF])$/.test(n)) ?? 'II';
}

/** Left margin before the signal: 2 mm, the calibration pulse, 3 mm. */
export function leftMarginMm(speedMmPerS: number): number {
  return 2 + CAL_PULSE_S * speedMmPerS + 3;
}

export const RIGHT_MARGIN_MM = 3;

/** One lead's box on the paper. */
export interface LayoutCell {
  lead: string;
  /** Index into the group's leads, or -1 when the file does not have this lead. */
  leadIndex: number;
  row: number;
  col: number;
  /** Seconds from the group's start shown at the cell's left and right edges. */
  t0: number;
  t1: number;
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
  /** Paper y of 0 mV. */
  baselineMm: number;
}

export interface PaperLayout {
  id: LayoutId;
  widthMm: number;
  heightMm: number;
  rowHeightMm: number;
  rows: number;
  /** Paper y of each row's 0 mV line (where the calibration pulse stands). */
  rowBaselinesMm: number[];
  cells: LayoutCell[];
}

export interface LayoutInput {
  layout: LayoutId;
  leadNames: string[];
  /** Duration of the group, seconds. */
  durationS: number;
  /** First second shown (long records are paged). */
  startS: number;
  speedMmPerS: number;
  gainMmPerMv: number;
}

/** Row height grows with gain so 20 mm/mV traces keep room; never below 25 mm (15 mm in 12x1). */
export function rowHeightMm(layout: LayoutId, gainMmPerMv: number): number {
  return layout === '12x1' ? Math.max(15, 2 * gainMmPerMv) : Math.max(25, 3 * gainMmPerMv);
}

/**
 * Lays out a page; grid layouts fall back to one lead per row when the group has no standard lead. Every stored
 * lead is on the page: leads outside the standard grid (V3R, V7, MLII, ...) get a full-width row each below it.
 */
export function computeLayout(input: LayoutInput): PaperLayout {
  const { layout, leadNames, speedMmPerS: speed, gainMmPerMv: gain } = input;
  const index = (name: string) => leadNames.indexOf(name);
  const hasStandard = leadNames.some((n) => STANDARD.includes(n));
  const startS = Math.max(0, Math.min(input.startS, Math.max(0, input.durationS - 0.001)));
  const windowS = layout === 'median' ? input.durationS : Math.min(10, Math.max(0, input.durationS - startS));
  const left = leftMarginMm(speed);
  const rowMm = rowHeightMm(layout, gain);
  const matrix: string[][] = [];
  const strips: string[] = [];
  if (!hasStandard || layout === '12x1') {
    const order = hasStandard ? [...STANDARD.filter((n) => index(n) >= 0), ...leadNames.filter((n) => !STANDARD.includes(n))] : leadNames;
    for (const n of order) matrix.push([n]);
  } else if (layout === '6x2') {
    matrix.push(...GRID_6X2);
  } else {
    matrix.push(...GRID_3X4);
    const ii = rhythmStripLead(leadNames);
    if (layout === '3x4+1') strips.push(ii);
    if (layout === '3x4+3') strips.push('V1', ii, 'V5');
  }
  if (hasStandard && layout !== '12x1') {
    const onPage = new Set([...matrix.flat(), ...strips]);
    strips.push(...leadNames.filter((n) => !onPage.has(n)));
  }
  const cells: LayoutCell[] = [];
  const baselines: number[] = [];
  let row = 0;
  const addRow = (names: string[]) => {
    const yMm = row * rowMm;
    const baselineMm = yMm + rowMm * 0.6;
    const colS = windowS / names.length;
    names.forEach((lead, col) => {
      const t0 = layout === 'median' ? 0 : startS + col * colS;
      cells.push({
        lead,
        leadIndex: index(lead),
        row,
        col,
        t0,
        t1: layout === 'median' ? input.durationS : t0 + colS,
        xMm: layout === 'median' ? left + col * (input.durationS * speed + 2) : left + col * colS * speed,
        yMm,
        wMm: layout === 'median' ? input.durationS * speed : colS * speed,
        hMm: rowMm,
        baselineMm,
      });
    });
    baselines.push(baselineMm);
    row++;
  };
  for (const names of matrix) addRow(names);
  for (const s of strips) addRow([s]);
  const contentMm = layout === 'median' ? 4 * (input.durationS * speed + 2) - 2 : windowS * speed;
  return {
    id: layout,
    widthMm: left + contentMm + RIGHT_MARGIN_MM,
    heightMm: row * rowMm,
    rowHeightMm: rowMm,
    rows: row,
    rowBaselinesMm: baselines,
    cells,
  };
}

/** The cell under a paper point, if any (used by the crosshair and the calipers). */
export function cellAt(layout: PaperLayout, xMm: number, yMm: number): LayoutCell | undefined {
  return layout.cells.find((c) => xMm >= c.xMm && xMm < c.xMm + c.wMm && yMm >= c.yMm && yMm < c.yMm + c.hMm);
}

/** Seconds from the group's start at a paper x inside a cell. */
export function timeAtMm(cell: LayoutCell, xMm: number, speedMmPerS: number): number {
  return cell.t0 + (xMm - cell.xMm) / speedMmPerS;
}

/** Millivolts at a paper y inside a cell (paper y grows downwards). */
export function mvAtMm(cell: LayoutCell, yMm: number, gainMmPerMv: number): number {
  return (cell.baselineMm - yMm) / gainMmPerMv;
}
