/**
 * The signal on printed paper: each cell's samples as one vector polyline at the page's speed and gain, and on
 * the AI page the model's per-step variance as a translucent band under the leads. Samples are in microvolts.
 */
import type { StepVariance } from '../model/types';
import type { PrintCell, PrintLayout } from './page-layout';
import { pt, type Rect } from './page-frame';
import { BAND_OPACITY, LINE_MM, PAPER_COLOURS } from './paper-style';

type Doc = PDFKit.PDFDocument;

/** Paper resolution of the polyline: finer than a 600 dpi printer's dot (0.042 mm) is not drawn twice. */
const BUCKET_MM = 0.05;

export interface PrintSignal {
  sampleRateHz: number;
  /** Display-filtered samples (µV), indexed like the layout's leadIndex. */
  leads: Float32Array[];
}

interface Scale {
  grid: Rect;
  speedMmPerS: number;
  gainMmPerMv: number;
}

/**
 * PDF path operators for one cell. Every sample is a vertex while samples are at least 0.05 mm apart (500 Hz at
 * 25 mm/s); denser signals keep each 0.05 mm bucket's minimum and maximum in time order, so no spike or pacer
 * artefact is lost. Non-finite samples break the line rather than being drawn.
 */
export function cellPath(cell: PrintCell, samples: Float32Array, fs: number, s: Scale): string {
  const i0 = Math.max(0, Math.floor(cell.t0 * fs));
  const i1 = Math.min(samples.length - 1, Math.ceil(cell.t1 * fs));
  if (i1 < i0) return '';
  const x0 = s.grid.xMm + cell.xMm;
  const yBase = s.grid.yMm + cell.baselineMm;
  const mmPerUv = s.gainMmPerMv / 1000;
  const xOf = (i: number) => pt(x0 + (i / fs - cell.t0) * s.speedMmPerS);
  const yOf = (v: number) => pt(yBase - v * mmPerUv);
  const perBucket = (fs * BUCKET_MM) / s.speedMmPerS;
  const ops: string[] = [];
  let pen = false;
  const vertex = (i: number) => {
    const v = samples[i] as number;
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    ops.push(`${xOf(i)} ${yOf(v)} ${pen ? 'l' : 'm'}`);
    pen = true;
  };
  if (perBucket <= 2) {
    for (let i = i0; i <= i1; i++) vertex(i);
    return ops.join('\n');
  }
  const step = Math.floor(perBucket);
  for (let a = i0; a <= i1; a += step) {
    const b = Math.min(i1, a + step - 1);
    let lo = a;
    let hi = a;
    for (let i = a; i <= b; i++) {
      const v = samples[i] as number;
      if (!Number.isFinite(v)) {
        lo = hi = i;
        break;
      }
      if (v < (samples[lo] as number)) lo = i;
      if (v > (samples[hi] as number)) hi = i;
    }
    vertex(Math.min(lo, hi));
    if (hi !== lo) vertex(Math.max(lo, hi));
  }
  return ops.join('\n');
}

/**
 * Draws every lead in black, each clipped to its own column (a tall QRS runs into the neighbouring rows as on
 * paper, but never into the next column or off the grid).
 */
export function drawTraces(doc: Doc, layout: PrintLayout, signal: PrintSignal, s: Scale): void {
  doc.save();
  doc.strokeColor(PAPER_COLOURS.trace).lineWidth(pt(LINE_MM.trace)).lineJoin('round').lineCap('round');
  for (const c of layout.cells) {
    const samples = signal.leads[c.leadIndex];
    if (!samples) continue;
    const path = cellPath(c, samples, signal.sampleRateHz, s);
    if (path === '') continue;
    doc.save();
    doc.rect(pt(s.grid.xMm + c.xMm), pt(s.grid.yMm), pt(c.wMm), pt(s.grid.hMm)).clip();
    doc.addContent(path);
    doc.stroke();
    doc.restore();
  }
  doc.restore();
}

/**
 * The model's per-step variance as a band centred on each cell's baseline, its half-height 35 % of the row at
 * the largest step (the canvas's drawing), drawn before the traces so it sits under them.
 */
export function drawVarianceBand(doc: Doc, layout: PrintLayout, band: StepVariance, s: Scale): void {
  const max = band.values.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);
  if (!(max > 0)) return;
  doc.save();
  doc.fillColor(PAPER_COLOURS.band).fillOpacity(BAND_OPACITY);
  for (const c of layout.cells) {
    if (c.leadIndex < 0) continue;
    const half = c.hMm * 0.35;
    const base = s.grid.yMm + c.baselineMm;
    for (let k = 0; k < band.values.length; k++) {
      const v = band.values[k] as number;
      const s0 = Math.max(c.t0, band.startS + k * band.stepS);
      const s1 = Math.min(c.t1, band.startS + (k + 1) * band.stepS);
      if (s1 <= s0 || !Number.isFinite(v) || v <= 0) continue;
      const h = half * (v / max);
      const x0 = s.grid.xMm + c.xMm + (s0 - c.t0) * s.speedMmPerS;
      doc.rect(pt(x0), pt(base - h), pt((s1 - s0) * s.speedMmPerS), pt(2 * h));
    }
  }
  doc.fill();
  doc.restore();
}

/** Marks the seconds the model read: a thin bar along the top of every cell (as on the canvas). */
export function drawModelWindow(doc: Doc, layout: PrintLayout, win: { startS: number; durationS: number }, s: Scale): void {
  doc.save();
  doc.fillColor(PAPER_COLOURS.window).fillOpacity(0.55);
  for (const c of layout.cells) {
    const s0 = Math.max(c.t0, win.startS);
    const s1 = Math.min(c.t1, win.startS + win.durationS);
    if (s1 <= s0) continue;
    const x = s.grid.xMm + c.xMm + (s0 - c.t0) * s.speedMmPerS;
    doc.rect(pt(x), pt(s.grid.yMm + c.yMm + 0.3), pt((s1 - s0) * s.speedMmPerS), pt(0.6));
  }
  doc.fill();
  doc.restore();
}
