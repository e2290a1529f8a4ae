/**
 * The viewport: how the paper (mm) maps onto the canvas (CSS px) under zoom and pan. Pure maths.
 */
import { clamp } from './geometry';
import type { PaperLayout } from './layout';

export interface Viewport {
  /** Rendered CSS pixels per paper millimetre (base density x zoom). */
  pxPerMm: number;
  /** Paper offset: CSS px of paper scrolled off the left and top edges. */
  panX: number;
  panY: number;
  widthPx: number;
  heightPx: number;
}

export type SizingMode = 'true-size' | 'fit';

/**
 * Base pixels per mm before zoom: the calibrated screen density in true-size mode, else what makes the
 * whole page width fit the canvas (and the height, when the page is taller than wide on screen).
 */
export function basePxPerMm(mode: SizingMode, screenPxPerMm: number, layout: PaperLayout, widthPx: number, heightPx: number): number {
  if (mode === 'true-size') return screenPxPerMm;
  const byWidth = widthPx / layout.widthMm;
  const byHeight = heightPx / layout.heightMm;
  // Fit the whole page, unless that would take the 1 mm grid under 3 px (12x1 then fills the width and scrolls).
  return Math.max(Math.min(byWidth, byHeight), Math.min(byWidth, 3));
}

/** Keeps the pan inside the paper (no empty screen past the page edges). */
export function clampPan(vp: Viewport, layout: PaperLayout): Viewport {
  const maxX = Math.max(0, layout.widthMm * vp.pxPerMm - vp.widthPx);
  const maxY = Math.max(0, layout.heightMm * vp.pxPerMm - vp.heightPx);
  return { ...vp, panX: clamp(vp.panX, 0, maxX), panY: clamp(vp.panY, 0, maxY) };
}

/** Zooms by `factor` about a screen point so the paper under the cursor stays put. */
export function zoomAbout(vp: Viewport, factor: number, sx: number, sy: number): Viewport {
  const ppm = vp.pxPerMm * factor;
  const mmX = (sx + vp.panX) / vp.pxPerMm;
  const mmY = (sy + vp.panY) / vp.pxPerMm;
  return { ...vp, pxPerMm: ppm, panX: mmX * ppm - sx, panY: mmY * ppm - sy };
}

/** Screen point (CSS px) to paper mm. */
export function screenToPaper(vp: Viewport, sx: number, sy: number): { xMm: number; yMm: number } {
  return { xMm: (sx + vp.panX) / vp.pxPerMm, yMm: (sy + vp.panY) / vp.pxPerMm };
}

/** Paper mm to screen point (CSS px). */
export function paperToScreen(vp: Viewport, xMm: number, yMm: number): { x: number; y: number } {
  return { x: xMm * vp.pxPerMm - vp.panX, y: yMm * vp.pxPerMm - vp.panY };
}
