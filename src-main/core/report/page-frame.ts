/**
 * The regions of a printed page in millimetres from its top-left corner: header, ECG grid, footer. Margins
 * leave every printer's unprintable border (about 4.2 mm on laser printers) clear of the grid.
 */
import { PAPER_MM, PT_PER_MM, type ReportPaper } from './options';

export const PAGE_MARGIN_MM = 5;
export const HEADER_HEIGHT_MM = 32;
export const FOOTER_HEIGHT_MM = 6;

export interface Rect {
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
}

export interface PageFrame {
  widthMm: number;
  heightMm: number;
  header: Rect;
  /** The ECG paper: whole millimetres wide and high, so the 1 mm grid closes on its edges. */
  grid: Rect;
  footer: Rect;
}

/** The frame of page 1 (header, grid, footer) on the given paper, landscape. */
export function pageFrame(paper: ReportPaper): PageFrame {
  const { widthMm, heightMm } = PAPER_MM[paper];
  const inner = widthMm - 2 * PAGE_MARGIN_MM;
  const header = { xMm: PAGE_MARGIN_MM, yMm: PAGE_MARGIN_MM, wMm: inner, hMm: HEADER_HEIGHT_MM };
  const footerY = heightMm - PAGE_MARGIN_MM - FOOTER_HEIGHT_MM;
  const gridY = header.yMm + header.hMm;
  const grid = { xMm: PAGE_MARGIN_MM, yMm: gridY, wMm: Math.floor(inner), hMm: Math.floor(footerY - gridY) };
  return { widthMm, heightMm, header, grid, footer: { xMm: PAGE_MARGIN_MM, yMm: footerY, wMm: inner, hMm: FOOTER_HEIGHT_MM } };
}

/** Millimetres to PDF points, rounded to 1/100 pt (3.5 µm): exact enough for paper, and short in the file. */
export function pt(mm: number): number {
  return Math.round(mm * PT_PER_MM * 100) / 100;
}
