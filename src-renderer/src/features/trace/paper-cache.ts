/**
 * A pre-rendered copy of the whole page at the current scale, so panning is one bitmap copy per frame
 * instead of re-stroking twelve decimated traces and the grid (the software rasteriser is the bottleneck).
 * At least as large as the view (the paper continues past a small page). Rebuilt when the scene, the scale,
 * the device pixel ratio or a view larger than the cached paper asks for it; skipped for pages too large to hold.
 */
import { drawStatic, type Scene } from './draw-scene';
import type { DrawnExtent } from './draw-trace';
import type { Viewport } from './viewport';

/** Largest cached page, in device pixels (~96 MB of RGBA). Past this the trace is drawn directly. */
export const MAX_CACHE_PIXELS = 24_000_000;

export interface PaperCache {
  canvas: HTMLCanvasElement;
  scene: Scene;
  pxPerMm: number;
  dpr: number;
  /** CSS size of the cached paper (page, or view when that is larger). */
  widthPx: number;
  heightPx: number;
  /** Voltage span of every drawn cell (the whole page is drawn). */
  extents: DrawnExtent[];
}

/** Returns a cache valid for this scene and scale (reusing `prev` when it still is), or null when too large. */
export function ensurePaperCache(
  prev: PaperCache | null,
  scene: Scene,
  pxPerMm: number,
  dpr: number,
  view: { widthPx: number; heightPx: number },
): PaperCache | null {
  const widthPx = Math.ceil(Math.max(scene.layout.widthMm * pxPerMm, view.widthPx));
  const heightPx = Math.ceil(Math.max(scene.layout.heightMm * pxPerMm, view.heightPx));
  if (prev && prev.scene === scene && prev.pxPerMm === pxPerMm && prev.dpr === dpr && prev.widthPx >= widthPx && prev.heightPx >= heightPx) return prev;
  if (widthPx * heightPx * dpr * dpr > MAX_CACHE_PIXELS || widthPx <= 0 || heightPx <= 0) return null;
  const canvas = prev?.canvas ?? document.createElement('canvas');
  canvas.width = Math.round(widthPx * dpr);
  canvas.height = Math.round(heightPx * dpr);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return null;
  const vp: Viewport = { pxPerMm, panX: 0, panY: 0, widthPx, heightPx };
  const extents: DrawnExtent[] = [];
  drawStatic(ctx, vp, scene, dpr, extents);
  return { canvas, scene, pxPerMm, dpr, widthPx, heightPx, extents };
}
