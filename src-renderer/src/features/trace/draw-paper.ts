/**
 * Draws the paper: 1 mm / 5 mm grid, calibration pulses, lead labels and column separators.
 * Only the visible part of the page is drawn, so panning stays cheap.
 */
import type { PaperContext } from './paper-context';
import { calibrationPulsePx } from './geometry';
import type { PaperLayout } from './layout';
import { heatColour, PAPER } from './paper-colors';
import type { Viewport } from './viewport';

/** Snaps a CSS coordinate to the device pixel grid (+half a pixel) so 1-device-pixel lines stay crisp. */
export function crisp(v: number, dpr: number): number {
  return (Math.round(v * dpr) + 0.5) / dpr;
}

function gridLines(ctx: PaperContext, vp: Viewport, stepMm: number, skipEvery: number, dpr: number): void {
  const ppm = vp.pxPerMm;
  const x0 = Math.max(0, Math.floor(vp.panX / ppm / stepMm));
  const x1 = Math.ceil((vp.panX + vp.widthPx) / ppm / stepMm);
  const y0 = Math.max(0, Math.floor(vp.panY / ppm / stepMm));
  const y1 = Math.ceil((vp.panY + vp.heightPx) / ppm / stepMm);
  ctx.beginPath();
  for (let i = x0; i <= x1; i++) {
    if (skipEvery && i % skipEvery === 0) continue;
    const x = crisp(i * stepMm * ppm - vp.panX, dpr);
    ctx.moveTo(x, 0);
    ctx.lineTo(x, vp.heightPx);
  }
  for (let j = y0; j <= y1; j++) {
    if (skipEvery && j % skipEvery === 0) continue;
    const y = crisp(j * stepMm * ppm - vp.panY, dpr);
    ctx.moveTo(0, y);
    ctx.lineTo(vp.widthPx, y);
  }
  ctx.stroke();
}

/**
 * Paper background and grid over the whole view: where the page ends (a 12.5 mm/s page, a wide screen) the
 * paper simply goes on, so there is never a grey dead area beside or under the ECG. The grid keeps the page's
 * origin. The 1 mm grid is left out when it would be under 2 px (it would read as grey).
 */
export function drawGrid(ctx: PaperContext, vp: Viewport, dpr: number): void {
  ctx.fillStyle = PAPER.background;
  ctx.fillRect(0, 0, vp.widthPx, vp.heightPx);
  ctx.lineWidth = 1 / dpr;
  if (vp.pxPerMm >= 2) {
    ctx.strokeStyle = PAPER.minor;
    gridLines(ctx, vp, 1, 5, dpr);
  }
  ctx.strokeStyle = PAPER.major;
  ctx.lineWidth = Math.max(1, Math.round(dpr * 1.2)) / dpr;
  gridLines(ctx, vp, 5, 0, dpr);
}

/** The 1 mV x 0.2 s calibration pulse at the start of every row. */
export function drawCalibrationPulses(
  ctx: PaperContext,
  vp: Viewport,
  layout: PaperLayout,
  speed: number,
  gain: number,
  dpr: number,
): void {
  const { widthPx, heightPx } = calibrationPulsePx(speed, gain, vp.pxPerMm);
  const x = 2 * vp.pxPerMm - vp.panX;
  const lead = 1 * vp.pxPerMm;
  ctx.strokeStyle = PAPER.trace;
  ctx.lineWidth = Math.max(1, 1.2 * dpr) / dpr;
  ctx.beginPath();
  for (const b of layout.rowBaselinesMm) {
    const y = b * vp.pxPerMm - vp.panY;
    ctx.moveTo(x - lead, y);
    ctx.lineTo(x, y);
    ctx.lineTo(x, y - heightPx);
    ctx.lineTo(x + widthPx, y - heightPx);
    ctx.lineTo(x + widthPx, y);
    ctx.lineTo(x + widthPx + lead, y);
  }
  ctx.stroke();
}

/** Column separators: a short vertical tick across the baseline where columns meet, as on a printed 12-lead. */
export function drawSeparators(ctx: PaperContext, vp: Viewport, layout: PaperLayout, dpr: number): void {
  const ppm = vp.pxPerMm;
  ctx.strokeStyle = PAPER.separator;
  ctx.lineWidth = Math.max(1, 1.5 * dpr) / dpr;
  ctx.beginPath();
  for (const c of layout.cells) {
    if (c.col === 0) continue;
    const sx = crisp(c.xMm * ppm - vp.panX, dpr);
    const by = c.baselineMm * ppm - vp.panY;
    ctx.moveTo(sx, by - 4 * ppm);
    ctx.lineTo(sx, by + 4 * ppm);
  }
  ctx.stroke();
}

/**
 * Lead labels, top-left of each cell (derived and missing leads say so). Drawn per frame and sticky: when a
 * cell's start is panned off the left edge its label stays at the edge, so a panned trace is never anonymous.
 */
export function drawLabels(
  ctx: PaperContext,
  vp: Viewport,
  layout: PaperLayout,
  derived: (leadIndex: number) => boolean,
  importance: Map<string, number> | null,
  unusable: (leadIndex: number) => boolean = () => false,
): void {
  const ppm = vp.pxPerMm;
  const fontPx = Math.max(10, Math.min(16, 3.2 * ppm));
  ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const c of layout.cells) {
    const x = c.xMm * ppm - vp.panX;
    const y = c.yMm * ppm - vp.panY;
    const right = x + c.wMm * ppm;
    if (x > vp.widthPx || y > vp.heightPx || right < 0 || y + c.hMm * ppm < 0) continue;
    const isDerived = c.leadIndex >= 0 && derived(c.leadIndex);
    // An unusable lead (implausible samples) is never drawn: its label says why the cell is empty.
    const isUnusable = c.leadIndex >= 0 && unusable(c.leadIndex);
    const text = c.leadIndex < 0 ? `${c.lead} (not recorded)` : isUnusable ? `${c.lead} (unusable)` : isDerived ? `${c.lead} (derived)` : c.lead;
    const w = ctx.measureText(text).width;
    const pad = 1.5 * ppm;
    // Sticky, but never past the cell's own end (the next column's label takes over there).
    const lx = Math.min(Math.max(x, 0) + pad, right - w - pad);
    if (lx < x) continue;
    const ly = y + 1.2 * ppm;
    const imp = importance?.get(c.lead);
    ctx.fillStyle = imp !== undefined ? heatColour(imp) : 'rgba(255, 255, 255, 0.8)';
    ctx.fillRect(lx - 3, ly - 2, w + 6, fontPx + 4);
    ctx.fillStyle = c.leadIndex < 0 || isUnusable ? PAPER.missing : isDerived ? PAPER.derivedLabel : PAPER.label;
    ctx.fillText(text, lx, ly);
  }
}
