/**
 * Page layouts on ECG paper, in millimetres: which lead goes in which cell and which seconds it shows.
 * Pure: the canvas and the tests both read the same cells.
 */
import { leadRows, leftMarginMm, RIGHT_MARGIN_MM, type LeadLayoutId, type PaperCell } from '../../../../src-shared/ecg-paper/lead-rows';

// The canvas's users import the shared placement rules from here too.
export { leftMarginMm, rhythmStripLead, RIGHT_MARGIN_MM } from '../../../../src-shared/ecg-paper/lead-rows';

export const LAYOUTS = ['3x4+1', '3x4+3', '6x2', '12x1', 'median'] as const satisfies readonly LeadLayoutId[];
export type LayoutId = (typeof LAYOUTS)[number];

export const LAYOUT_LABELS: Record<LayoutId, string> = {
  '3x4+1': '3x4 + II rhythm',
  '3x4+3': '3x4 + V1/II/V5',
  '6x2': '6x2',
  '12x1': '12x1',
  median: 'Median beat',
};

/** The paper speed and gain of the reference page that Fit sizes (see viewport.ts basePxPerMm). */
export const REFERENCE_SPEED_MM_PER_S = 25;
export const REFERENCE_GAIN_MM_PER_MV = 10;

/** One lead's box on the paper. */
export type LayoutCell = PaperCell;

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
  const startS = Math.max(0, Math.min(input.startS, Math.max(0, input.durationS - 0.001)));
  const windowS = layout === 'median' ? input.durationS : Math.min(10, Math.max(0, input.durationS - startS));
  const left = leftMarginMm(speed);
  const rowMm = rowHeightMm(layout, gain);
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
  for (const names of leadRows(layout, leadNames)) addRow(names);
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
