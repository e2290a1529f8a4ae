/**
 * The paper of a printed ECG as PDF vector paths: the 1 mm / 5 mm grid, the 1 mV calibration pulse at the start
 * of every row, column separators and lead labels. Everything is placed in millimetres (page-frame.ts `pt`).
 */
import { setFont, type ReportFonts } from './fonts';
import { CAL_PULSE_MV, CAL_PULSE_S, type PrintLayout } from './page-layout';
import { pt, type Rect } from './page-frame';
import { LINE_MM, PAPER_COLOURS } from './paper-style';

type Doc = PDFKit.PDFDocument;

/** Grid lines every `stepMm` across the rect, leaving out every `skipEvery`-th (the heavier grid draws those). */
function gridPath(grid: Rect, stepMm: number, skipEvery: number): string {
  const parts: string[] = [];
  const top = pt(grid.yMm);
  const bottom = pt(grid.yMm + grid.hMm);
  const left = pt(grid.xMm);
  const right = pt(grid.xMm + grid.wMm);
  for (let i = 0; i * stepMm <= grid.wMm + 1e-9; i++) {
    if (skipEvery && i % skipEvery === 0) continue;
    const x = pt(grid.xMm + i * stepMm);
    parts.push(`${x} ${top} m ${x} ${bottom} l`);
  }
  for (let j = 0; j * stepMm <= grid.hMm + 1e-9; j++) {
    if (skipEvery && j % skipEvery === 0) continue;
    const y = pt(grid.yMm + j * stepMm);
    parts.push(`${left} ${y} m ${right} ${y} l`);
  }
  return parts.join('\n');
}

/** The ECG grid: 1 mm hairlines, every 5th line heavier. */
export function drawGrid(doc: Doc, grid: Rect): void {
  doc.save();
  doc.lineCap('butt');
  doc.strokeColor(PAPER_COLOURS.minor).lineWidth(pt(LINE_MM.minor));
  doc.addContent(gridPath(grid, 1, 5));
  doc.stroke();
  doc.strokeColor(PAPER_COLOURS.major).lineWidth(pt(LINE_MM.major));
  doc.addContent(gridPath(grid, 5, 0));
  doc.stroke();
  doc.restore();
}

/** The 1 mV x 0.2 s calibration pulse on every row's baseline, 2 mm from the grid's left edge (as on the canvas). */
export function drawCalibrationPulses(doc: Doc, grid: Rect, layout: PrintLayout, speedMmPerS: number, gainMmPerMv: number): void {
  const w = CAL_PULSE_S * speedMmPerS;
  const h = CAL_PULSE_MV * gainMmPerMv;
  const x = grid.xMm + 2;
  doc.save();
  doc.strokeColor(PAPER_COLOURS.trace).lineWidth(pt(LINE_MM.calibration)).lineJoin('miter').lineCap('butt');
  for (const b of layout.rowBaselinesMm) {
    const y = grid.yMm + b;
    doc
      .moveTo(pt(x - 1), pt(y))
      .lineTo(pt(x), pt(y))
      .lineTo(pt(x), pt(y - h))
      .lineTo(pt(x + w), pt(y - h))
      .lineTo(pt(x + w), pt(y))
      .lineTo(pt(x + w + 1), pt(y));
  }
  doc.stroke();
  doc.restore();
}

/** A short vertical tick across the baseline where two columns meet, as on a printed 12-lead. */
export function drawSeparators(doc: Doc, grid: Rect, layout: PrintLayout): void {
  doc.save();
  doc.strokeColor(PAPER_COLOURS.separator).lineWidth(pt(LINE_MM.separator)).lineCap('butt');
  for (const c of layout.cells) {
    if (c.col === 0) continue;
    const x = pt(grid.xMm + c.xMm);
    const y = grid.yMm + c.baselineMm;
    doc.moveTo(x, pt(y - 4)).lineTo(x, pt(y + 4));
  }
  doc.stroke();
  doc.restore();
}

/**
 * The text of a cell's label: the lead, marked when it was derived, is missing from the file, or is unusable
 * (implausible samples, never drawn) (canvas wording).
 */
export function leadLabel(lead: string, leadIndex: number, derived: boolean, unusable = false): string {
  if (leadIndex < 0) return `${lead} (not recorded)`;
  if (unusable) return `${lead} (unusable)`;
  return derived ? `${lead} (derived)` : lead;
}

/** Lead labels at the top-left of each cell on a white patch (derived leads grey, missing leads greyer). */
export function drawLeadLabels(
  doc: Doc,
  fonts: ReportFonts,
  grid: Rect,
  layout: PrintLayout,
  isDerived: (leadIndex: number) => boolean,
  sizePt = 7,
  isUnusable: (leadIndex: number) => boolean = () => false,
): void {
  doc.save();
  setFont(doc, fonts.bold, sizePt);
  for (const c of layout.cells) {
    const derived = c.leadIndex >= 0 && isDerived(c.leadIndex);
    const unusable = c.leadIndex >= 0 && isUnusable(c.leadIndex);
    const text = leadLabel(c.lead, c.leadIndex, derived, unusable);
    const x = pt(grid.xMm + c.xMm + 1.5);
    const y = pt(grid.yMm + c.yMm + 1.2);
    const w = doc.widthOfString(text);
    // As on the canvas: a label that does not fit its cell (a record shorter than the page) is left out.
    if (pt(1.5) + w > pt(c.wMm)) continue;
    doc.fillColor('#ffffff').fillOpacity(0.85).rect(x - 1.5, y - 1, w + 3, sizePt + 2).fill();
    doc.fillOpacity(1).fillColor(c.leadIndex < 0 || unusable ? PAPER_COLOURS.missing : derived ? PAPER_COLOURS.derivedLabel : PAPER_COLOURS.label);
    doc.text(text, x, y, { lineBreak: false });
  }
  doc.restore();
}
