/**
 * Draws the signal, the model-uncertainty band and the model window over the paper.
 * Decimated min/max per pixel column when there is more than one sample per pixel.
 */
import type { PaperContext } from './paper-context';
import { decimateMinMax } from './decimate';
import type { LayoutCell, PaperLayout } from './layout';
import { PAPER } from './paper-colors';
import type { Viewport } from './viewport';

/** What the trace layer needs about the signal (display copy, already filtered). */
export interface TraceSignal {
  sampleRateHz: number;
  /** Samples in microvolts, one array per lead, indexed like the layout's leadIndex; NaN where there is no data. */
  leads: Float32Array[];
}

/** Per-step model variance on the source time axis, normalised by the renderer for the band height. */
export interface VarianceBand {
  startS: number;
  stepS: number;
  values: number[];
}

interface CellPx {
  left: number;
  right: number;
  baseline: number;
  top: number;
  height: number;
}

function cellPx(c: LayoutCell, vp: Viewport): CellPx {
  const p = vp.pxPerMm;
  return {
    left: c.xMm * p - vp.panX,
    right: (c.xMm + c.wMm) * p - vp.panX,
    baseline: c.baselineMm * p - vp.panY,
    top: c.yMm * p - vp.panY,
    height: c.hMm * p,
  };
}

function visible(px: CellPx, vp: Viewport): boolean {
  return px.right >= 0 && px.left <= vp.widthPx && px.top + px.height >= 0 && px.top <= vp.heightPx;
}

/** The voltage span a cell's drawn line covers (what reached the screen, for end-to-end checks). */
export interface DrawnExtent {
  lead: string;
  minMv: number;
  maxMv: number;
}

interface CellDraw {
  vertices: number;
  /** Smallest and largest screen y of the drawn vertices (Infinity/-Infinity when nothing was drawn). */
  minY: number;
  maxY: number;
}

/** The pen of one cell's path: a move after a break (the start, or a gap without data), a line otherwise. */
interface Pen {
  down: boolean;
}

function penTo(ctx: PaperContext, pen: Pen, x: number, y: number): void {
  if (pen.down) ctx.lineTo(x, y);
  else {
    ctx.moveTo(x, y);
    pen.down = true;
  }
}

/** Draws one lead's samples inside its cell; returns the vertices it used (for the bench) and its y span. */
function drawCellTrace(ctx: PaperContext, c: LayoutCell, samples: Float32Array, fs: number, vp: Viewport, speed: number, gain: number): CellDraw {
  const px = cellPx(c, vp);
  const pxPerS = speed * vp.pxPerMm;
  const pxPerUv = (gain * vp.pxPerMm) / 1000;
  const none: CellDraw = { vertices: 0, minY: Infinity, maxY: -Infinity };
  const xa = Math.max(px.left, -1);
  const xb = Math.min(px.right, vp.widthPx + 1);
  if (xb <= xa) return none;
  const ta = c.t0 + (xa - px.left) / pxPerS;
  const tb = c.t0 + (xb - px.left) / pxPerS;
  const ia = ta * fs;
  const ib = Math.min(tb * fs, samples.length);
  if (ib <= ia) return none;
  const spp = fs / pxPerS;
  let n = 0;
  let minY = Infinity;
  let maxY = -Infinity;
  const pen: Pen = { down: false };
  ctx.beginPath();
  if (spp > 1) {
    const cols = Math.max(1, Math.round(((ib - ia) / fs) * pxPerS));
    const mm = decimateMinMax(samples, ia, ib, cols);
    for (let k = 0; k < cols; k++) {
      const lo = mm[k * 2] as number;
      const hi = mm[k * 2 + 1] as number;
      // A column with no data (padding) breaks the line: a gap is never bridged as if it were signal.
      if (Number.isNaN(lo)) {
        pen.down = false;
        continue;
      }
      const x = xa + k + 0.5;
      const y1 = px.baseline - lo * pxPerUv;
      const y2 = px.baseline - hi * pxPerUv;
      minY = Math.min(minY, y2);
      maxY = Math.max(maxY, y1);
      penTo(ctx, pen, x, y1);
      ctx.lineTo(x, y2);
      n += 2;
    }
  } else {
    const i0 = Math.max(0, Math.floor(ia));
    const i1 = Math.min(samples.length - 1, Math.ceil(ib));
    for (let i = i0; i <= i1; i++) {
      const v = samples[i] as number;
      if (Number.isNaN(v)) {
        pen.down = false;
        continue;
      }
      const y = px.baseline - v * pxPerUv;
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      penTo(ctx, pen, px.left + (i / fs - c.t0) * pxPerS, y);
      n++;
    }
  }
  ctx.stroke();
  return { vertices: n, minY, maxY };
}

/**
 * Draws every visible lead in black (the trace colour never changes, whatever overlay is on); returns the
 * vertices drawn. `extents`, when given, receives the voltage span each drawn cell covers.
 */
export function drawTraces(
  ctx: PaperContext,
  layout: PaperLayout,
  signal: TraceSignal,
  vp: Viewport,
  speed: number,
  gain: number,
  dpr: number,
  extents?: DrawnExtent[],
): number {
  ctx.strokeStyle = PAPER.trace;
  ctx.lineWidth = Math.max(1, 1.3 * dpr) / dpr;
  // Bevel joins: round joins on thousands of min/max vertices cost the software rasteriser dearly.
  ctx.lineJoin = 'bevel';
  let vertices = 0;
  for (const c of layout.cells) {
    const samples = signal.leads[c.leadIndex];
    if (!samples || !visible(cellPx(c, vp), vp)) continue;
    ctx.save();
    const px = cellPx(c, vp);
    ctx.beginPath();
    // Clip to the cell's columns only: a tall QRS runs into the neighbouring rows as on paper, never cut off.
    ctx.rect(px.left, 0, px.right - px.left, vp.heightPx);
    ctx.clip();
    const drawn = drawCellTrace(ctx, c, samples, signal.sampleRateHz, vp, speed, gain);
    vertices += drawn.vertices;
    ctx.restore();
    if (extents && drawn.vertices > 0) {
      const pxPerMv = gain * vp.pxPerMm;
      extents.push({ lead: c.lead, minMv: (px.baseline - drawn.maxY) / pxPerMv, maxMv: (px.baseline - drawn.minY) / pxPerMv });
    }
  }
  return vertices;
}

/**
 * The model-uncertainty band: translucent, centred on each cell's baseline, height proportional to the
 * step's variance relative to the largest step. Drawn before the traces so it sits under them.
 */
export function drawVarianceBand(ctx: PaperContext, layout: PaperLayout, band: VarianceBand, vp: Viewport, speed: number): void {
  const max = band.values.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);
  if (!(max > 0)) return;
  const pxPerS = speed * vp.pxPerMm;
  ctx.fillStyle = PAPER.band;
  for (const c of layout.cells) {
    if (c.leadIndex < 0 || layout.id === 'median') continue;
    const px = cellPx(c, vp);
    if (!visible(px, vp)) continue;
    const half = px.height * 0.35;
    for (let k = 0; k < band.values.length; k++) {
      const s0 = Math.max(c.t0, band.startS + k * band.stepS);
      const s1 = Math.min(c.t1, band.startS + (k + 1) * band.stepS);
      if (s1 <= s0) continue;
      const h = half * Math.max(0, (band.values[k] as number) / max);
      const x0 = px.left + (s0 - c.t0) * pxPerS;
      const x1 = px.left + (s1 - c.t0) * pxPerS;
      ctx.fillRect(x0, px.baseline - h, x1 - x0, 2 * h);
    }
  }
}

/** Marks the seconds the model read: a thin bar along the top of every rhythm cell. */
export function drawModelWindow(ctx: PaperContext, layout: PaperLayout, win: { startS: number; durationS: number }, vp: Viewport, speed: number): void {
  if (layout.id === 'median') return;
  const pxPerS = speed * vp.pxPerMm;
  ctx.fillStyle = PAPER.window;
  for (const c of layout.cells) {
    const px = cellPx(c, vp);
    const s0 = Math.max(c.t0, win.startS);
    const s1 = Math.min(c.t1, win.startS + win.durationS);
    if (s1 <= s0 || !visible(px, vp)) continue;
    ctx.fillRect(px.left + (s0 - c.t0) * pxPerS, px.top + 0.3 * vp.pxPerMm, (s1 - s0) * pxPerS, Math.max(2, 0.6 * vp.pxPerMm));
  }
}

/** Occlusion map of the model's uncertainty: [lead][region] score change when that region is blanked. */
export interface OcclusionOverlay {
  leads: string[];
  startS: number;
  regionS: number;
  delta: number[][];
}

/** Largest |delta| of each lead, normalised to the map's largest (0..1), for shading the lead labels. */
export function leadImportance(map: OcclusionOverlay): Map<string, number> {
  const per = map.leads.map((_, i) => (map.delta[i] ?? []).reduce((m, d) => Math.max(m, Math.abs(d)), 0));
  const max = per.reduce((m, v) => Math.max(m, v), 0);
  return new Map(map.leads.map((l, i) => [l, max > 0 ? (per[i] ?? 0) / max : 0]));
}

/**
 * The occlusion map as a heat strip along the bottom of each lead's cell (orange: blanking that region raised
 * the uncertainty, i.e. the model leans on it; blue: blanking it lowered the uncertainty). Off the trace itself.
 */
export function drawOcclusion(ctx: PaperContext, layout: PaperLayout, map: OcclusionOverlay, vp: Viewport, speed: number): void {
  if (layout.id === 'median') return;
  const max = map.delta.reduce((m, row) => row.reduce((mm, d) => Math.max(mm, Math.abs(d)), m), 0);
  if (!(max > 0)) return;
  const pxPerS = speed * vp.pxPerMm;
  const stripH = Math.max(3, 1.5 * vp.pxPerMm);
  for (const c of layout.cells) {
    const li = map.leads.indexOf(c.lead);
    const row = map.delta[li];
    const px = cellPx(c, vp);
    if (!row || !visible(px, vp)) continue;
    for (let k = 0; k < row.length; k++) {
      const s0 = Math.max(c.t0, map.startS + k * map.regionS);
      const s1 = Math.min(c.t1, map.startS + (k + 1) * map.regionS);
      if (s1 <= s0) continue;
      const v = (row[k] as number) / max;
      ctx.fillStyle = v >= 0 ? `rgba(234, 88, 12, ${(0.85 * v).toFixed(3)})` : `rgba(37, 99, 235, ${(-0.85 * v).toFixed(3)})`;
      ctx.fillRect(px.left + (s0 - c.t0) * pxPerS, px.top + px.height - stripH - 1, (s1 - s0) * pxPerS, stripH);
    }
  }
}
