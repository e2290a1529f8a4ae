/**
 * One frame of the trace: paper, overlays under the signal, signal, calipers and crosshair, in that order.
 */
import type { PaperContext } from './paper-context';
import { caliperFromSignal, type CaliperReading } from './geometry';
import { drawCalibrationPulses, drawGrid, drawLabels, drawSeparators } from './draw-paper';
import {
  drawModelWindow,
  drawOcclusion,
  drawTraces,
  drawVarianceBand,
  leadImportance,
  type DrawnExtent,
  type OcclusionOverlay,
  type TraceSignal,
  type VarianceBand,
} from './draw-trace';
import type { PaperLayout } from './layout';
import { PAPER } from './paper-colors';
import type { Viewport } from './viewport';

/** Two caliper points in paper mm (the second absent while the first is placed). */
export interface Calipers {
  a: { xMm: number; yMm: number };
  b?: { xMm: number; yMm: number };
}

export interface Scene {
  layout: PaperLayout;
  /** The same page at the reference speed and gain: what fit mode sizes (viewport.ts basePxPerMm). */
  reference: PaperLayout;
  signal: TraceSignal;
  derived: (leadIndex: number) => boolean;
  /** Leads whose samples are implausible (marked by the core): drawn as an empty cell labelled unusable. */
  unusable: (leadIndex: number) => boolean;
  speed: number;
  gain: number;
  band: VarianceBand | null;
  modelWindow: { startS: number; durationS: number } | null;
  occlusion: OcclusionOverlay | null;
  calipers: Calipers | null;
  crosshair: { x: number; y: number } | null;
}

/** Caliper reading from two paper points, at the scene's speed and gain. */
export function caliperReading(c: Calipers, speed: number, gain: number): CaliperReading | null {
  if (!c.b) return null;
  return caliperFromSignal((c.b.xMm - c.a.xMm) / speed, -(c.b.yMm - c.a.yMm) / gain);
}

function drawCalipers(ctx: PaperContext, vp: Viewport, c: Calipers, speed: number, gain: number): void {
  const p = vp.pxPerMm;
  const ax = c.a.xMm * p - vp.panX;
  const ay = c.a.yMm * p - vp.panY;
  ctx.strokeStyle = PAPER.caliper;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(ax, ay - 12 * p);
  ctx.lineTo(ax, ay + 12 * p);
  if (c.b) {
    const bx = c.b.xMm * p - vp.panX;
    const by = c.b.yMm * p - vp.panY;
    ctx.moveTo(bx, by - 12 * p);
    ctx.lineTo(bx, by + 12 * p);
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, ay);
    ctx.moveTo(bx, ay);
    ctx.lineTo(bx, by);
    ctx.stroke();
    const r = caliperReading(c, speed, gain);
    if (r) {
      const text = `${r.ms.toFixed(0)} ms  ${r.mV.toFixed(2)} mV  ${r.bpm === null ? '-' : r.bpm.toFixed(0)} bpm`;
      ctx.font = '600 13px system-ui, sans-serif';
      const w = ctx.measureText(text).width;
      const tx = Math.min(Math.max(ax, bx) + 6, vp.widthPx - w - 8);
      const ty = Math.max(4, Math.min(ay, by) - 24);
      ctx.fillStyle = 'rgba(255,255,255,0.9)';
      ctx.fillRect(tx - 4, ty - 2, w + 8, 20);
      ctx.fillStyle = PAPER.caliper;
      ctx.textBaseline = 'top';
      ctx.fillText(text, tx, ty + 1);
    }
  } else ctx.stroke();
}

/**
 * Draws the static layers (paper, overlays under the signal, signal, separators); returns trace vertices drawn.
 * `extents` receives each drawn cell's voltage span.
 */
export function drawStatic(ctx: PaperContext, vp: Viewport, scene: Scene, dpr: number, extents?: DrawnExtent[]): number {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawGrid(ctx, vp, dpr);
  if (scene.band) drawVarianceBand(ctx, scene.layout, scene.band, vp, scene.speed);
  if (scene.modelWindow) drawModelWindow(ctx, scene.layout, scene.modelWindow, vp, scene.speed);
  if (scene.occlusion) drawOcclusion(ctx, scene.layout, scene.occlusion, vp, scene.speed);
  drawCalibrationPulses(ctx, vp, scene.layout, scene.speed, scene.gain, dpr);
  const n = drawTraces(ctx, scene.layout, scene.signal, vp, scene.speed, scene.gain, dpr, extents);
  drawSeparators(ctx, vp, scene.layout, dpr);
  return n;
}

/** Draws what moves with the view (sticky lead labels, calipers, crosshair) on top of the static layers. */
export function drawDynamic(ctx: PaperContext, vp: Viewport, scene: Scene, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawLabels(ctx, vp, scene.layout, scene.derived, scene.occlusion ? leadImportance(scene.occlusion) : null, scene.unusable);
  if (scene.calipers) drawCalipers(ctx, vp, scene.calipers, scene.speed, scene.gain);
  if (scene.crosshair) {
    ctx.strokeStyle = PAPER.crosshair;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(scene.crosshair.x, 0);
    ctx.lineTo(scene.crosshair.x, vp.heightPx);
    ctx.moveTo(0, scene.crosshair.y);
    ctx.lineTo(vp.widthPx, scene.crosshair.y);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
