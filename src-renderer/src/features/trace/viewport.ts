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

/** Fit never shrinks a page below this fraction of true size to get all of its height in view: it scrolls. */
export const FIT_MIN_TRUE_SIZE = 0.8;

/**
 * Base pixels per mm before zoom: the calibrated screen density in true-size mode; in fit mode the largest
 * scale at which the REFERENCE page (this layout at 25 mm/s and 10 mm/mV, see layout.ts) fits the view. One scale
 * serves both axes, so the on-screen mm/s : mm/mV ratio is always the paper's; and since the scale does not
 * follow the chosen speed and gain, 50 mm/s makes the page wider (it scrolls) rather than shrinking the gain,
 * and 20 mm/mV makes it taller. A page that would need less than FIT_MIN_TRUE_SIZE of true size to fit whole
 * (12x1 on a laptop) fills the width instead and scrolls vertically.
 */
export function basePxPerMm(
  mode: SizingMode,
  screenPxPerMm: number,
  reference: Pick<PaperLayout, 'widthMm' | 'heightMm'>,
  widthPx: number,
  heightPx: number,
): number {
  if (mode === 'true-size') return screenPxPerMm;
  const byWidth = widthPx / reference.widthMm;
  const whole = Math.min(byWidth, heightPx / reference.heightMm);
  return whole >= FIT_MIN_TRUE_SIZE * screenPxPerMm ? whole : byWidth;
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
