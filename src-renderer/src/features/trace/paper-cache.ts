/**
 * A pre-rendered copy of the whole page at the current scale, so panning is one bitmap copy per frame
 * instead of re-stroking twelve decimated traces and the grid (the software rasteriser is the bottleneck).
 * Rebuilt when the scene, the scale or the device pixel ratio changes; skipped for pages too large to hold.
 */
import { drawStatic, type Scene } from './draw-scene';
import type { Viewport } from './viewport';

/** Largest cached page, in device pixels (~96 MB of RGBA). Past this the trace is drawn directly. */
export const MAX_CACHE_PIXELS = 24_000_000;

export interface PaperCache {
  canvas: HTMLCanvasElement;
  scene: Scene;
  pxPerMm: number;
  dpr: number;
}

/** Returns a cache valid for this scene and scale (reusing `prev` when it still is), or null when too large. */
export function ensurePaperCache(prev: PaperCache | null, scene: Scene, pxPerMm: number, dpr: number): PaperCache | null {
  if (prev && prev.scene === scene && prev.pxPerMm === pxPerMm && prev.dpr === dpr) return prev;
  const widthPx = Math.ceil(scene.layout.widthMm * pxPerMm);
  const heightPx = Math.ceil(scene.layout.heightMm * pxPerMm);
  if (widthPx * heightPx * dpr * dpr > MAX_CACHE_PIXELS || widthPx <= 0 || heightPx <= 0) return null;
  const canvas = prev?.canvas ?? document.createElement('canvas');
  canvas.width = Math.round(widthPx * dpr);
  canvas.height = Math.round(heightPx * dpr);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return null;
  const vp: Viewport = { pxPerMm, panX: 0, panY: 0, widthPx, heightPx };
  drawStatic(ctx, vp, scene, dpr);
  return { canvas, scene, pxPerMm, dpr };
}
