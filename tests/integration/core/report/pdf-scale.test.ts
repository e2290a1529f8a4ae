/**
 * The printed ECG is exactly to scale: the report is rasterised with Debian's `pdftoppm -r 300` (1 mm = 11.811 px)
 * and measured on the pixels, never on the drawing code's own numbers. A synthetic 12-lead record with R peaks
 * at known seconds checks that 25 mm along the rhythm strip is one second of signal.
 */
import { describe, expect, it } from 'vitest';
import type { EcgRecord, Lead } from '../../../../src-main/core/ecg/record';
import { STANDARD_LEADS } from '../../../../src-main/core/ecg/record';
import { DEFAULT_REPORT_OPTIONS, type ReportOptions } from '../../../../src-main/core/report/options';
import { pageFrame } from '../../../../src-main/core/report/page-frame';
import { computePrintLayout } from '../../../../src-main/core/report/page-layout';
import { renderReportPdf } from '../../../../src-main/core/report/render-report';
import { recordBase } from '../../../helpers/record-base';
import { imageList, isInk, pdfinfo, pixel, pxPerMm, rasterise, withPdfFile, type Raster } from './pdf-tools';

const FS = 500;
/** R peaks of every lead, seconds: 0.8 s apart (75 bpm), starting off the grid's millimetre lines. */
const PEAKS_S = Array.from({ length: 13 }, (_, k) => 0.37 + 0.8 * k);
const PEAK_UV = 1500;

function syntheticRecord(): EcgRecord {
  const n = 10 * FS;
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const p of PEAKS_S) v += PEAK_UV * Math.exp(-0.5 * ((i / FS - p) / 0.008) ** 2);
    samples[i] = v;
  }
  const leads: Lead[] = STANDARD_LEADS.map((name) => ({ name, samples: samples.slice(), derived: false }));
  return { ...recordBase(), groups: [{ kind: 'rhythm', sampleRateHz: FS, leads }] };
}

const APP = { name: 'EchoingECG Review', version: 'test' };

async function renderPage(options: Partial<ReportOptions>): Promise<{ raster: Raster; info: string; images: string[] }> {
  const { bytes } = await renderReportPdf({
    record: syntheticRecord(),
    file: { name: 'synthetic.csv', sha256: '0'.repeat(64) },
    options: { ...DEFAULT_REPORT_OPTIONS, ...options },
    app: APP,
  });
  return withPdfFile(bytes, (path) => ({ raster: rasterise(path, 1, 300), info: pdfinfo(path), images: imageList(path) }));
}

/** Column profile of grid ink over the grid's full height: how red (r - g) each pixel column is, ink excluded. */
function redness(r: Raster, x0: number, x1: number, y0: number, y1: number, strongOnly: boolean): number[] {
  const out: number[] = [];
  for (let x = x0; x <= x1; x++) {
    let sum = 0;
    for (let y = y0; y <= y1; y++) {
      const p = pixel(r, x, y);
      if (isInk(p)) continue;
      const red = p[0] - p[1];
      sum += strongOnly ? (p[1] < 185 && red > 40 ? 1 : 0) : Math.max(0, red);
    }
    out.push(sum);
  }
  return out;
}

/** Centres of the vertical grid lines in a profile: local maxima above the background, refined by centroid. */
function lineCentres(profile: number[], x0: number): number[] {
  const sorted = [...profile].sort((a, b) => a - b);
  const background = sorted[Math.floor(sorted.length * 0.3)] as number;
  const top = sorted[Math.floor(sorted.length * 0.98)] as number;
  const threshold = background + 0.25 * (top - background);
  const centres: number[] = [];
  for (let i = 1; i < profile.length - 1; i++) {
    const v = profile[i] as number;
    if (v < threshold || v < (profile[i - 1] as number) || v <= (profile[i + 1] as number)) continue;
    let w = 0;
    let m = 0;
    for (let k = Math.max(0, i - 2); k <= Math.min(profile.length - 1, i + 2); k++) {
      const e = Math.max(0, (profile[k] as number) - background);
      w += e;
      m += e * k;
    }
    centres.push(x0 + m / w);
  }
  return centres;
}

/** Mean spacing of evenly spaced lines, after checking none is missing or doubled. */
function pitch(centres: number[], expected: number): number {
  const gaps = centres.slice(1).map((c, i) => c - (centres[i] as number));
  expect(gaps.length).toBeGreaterThan(10);
  for (const g of gaps) expect(Math.abs(g / expected - 1)).toBeLessThan(0.2);
  return ((centres.at(-1) as number) - (centres[0] as number)) / gaps.length;
}

/** Centres of the runs of ink pixels in one pixel column between y0 and y1. */
function inkRuns(r: Raster, x: number, y0: number, y1: number): number[] {
  const runs: number[] = [];
  let start = -1;
  for (let y = y0; y <= y1 + 1; y++) {
    const ink = y <= y1 && isInk(pixel(r, x, y));
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) {
      runs.push((start + y - 1) / 2);
      start = -1;
    }
  }
  return runs;
}

/** x (px) of the highest ink point of the trace between x0 and x1, above yBottom: the R-peak apex. */
function apexX(r: Raster, x0: number, x1: number, yTop: number, yBottom: number): number {
  let best = Infinity;
  const tops: { x: number; y: number }[] = [];
  for (let x = Math.round(x0); x <= Math.round(x1); x++) {
    for (let y = Math.round(yTop); y <= yBottom; y++) {
      if (isInk(pixel(r, x, y))) {
        tops.push({ x, y });
        best = Math.min(best, y);
        break;
      }
    }
  }
  const at = tops.filter((t) => t.y <= best + 1);
  return at.reduce((s, t) => s + t.x, 0) / at.length;
}

describe('report PDF at true scale (pdftoppm -r 300)', () => {
  it('A4: 1 mm grid at 11.81 px, 5 mm boxes, 10 mm calibration pulse at 10 mm/mV, 25 mm per second of signal', async () => {
    const { raster, info, images } = await renderPage({ paper: 'a4', speedMmPerS: 25, gainMmPerMv: 10 });
    const ppm = pxPerMm(raster);
    expect(ppm).toBeCloseTo(11.811, 3);
    // Exactly A4 landscape: 297 x 210 mm = 841.89 x 595.28 pt.
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    expect(raster.width).toBe(Math.round((297 / 25.4) * 300));
    // Vector: no raster image anywhere in the document.
    expect(images).toEqual([]);

    const frame = pageFrame('a4');
    const gx0 = Math.round((frame.grid.xMm + 0.5) * ppm);
    const gx1 = Math.round((frame.grid.xMm + frame.grid.wMm - 0.5) * ppm);
    const gy0 = Math.round((frame.grid.yMm + 0.5) * ppm);
    const gy1 = Math.round((frame.grid.yMm + frame.grid.hMm - 0.5) * ppm);
    const minor = pitch(lineCentres(redness(raster, gx0, gx1, gy0, gy1, false), gx0), ppm);
    expect(Math.abs(minor / 11.811 - 1)).toBeLessThan(0.01);
    const major = pitch(lineCentres(redness(raster, gx0, gx1, gy0, gy1, true), gx0), 5 * ppm);
    expect(Math.abs(major / (5 * 11.811) - 1)).toBeLessThan(0.01);

    const layout = computePrintLayout({
      layout: '3x4+1', leadNames: [...STANDARD_LEADS], durationS: 10, startS: 0, speedMmPerS: 25,
      gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm,
    });
    // Calibration pulse of row 1: its top line 1 mV above the baseline (lead-in at x = 1.5 mm from the grid edge).
    const baseY = (frame.grid.yMm + (layout.rowBaselinesMm[0] as number)) * ppm;
    const [leadIn] = inkRuns(raster, Math.round((frame.grid.xMm + 1.5) * ppm), Math.round(baseY - 3 * ppm), Math.round(baseY + 3 * ppm));
    const [top] = inkRuns(raster, Math.round((frame.grid.xMm + 4.5) * ppm), Math.round(baseY - 15 * ppm), Math.round(baseY - 2 * ppm));
    expect(leadIn).toBeDefined();
    expect(top).toBeDefined();
    expect(Math.abs(((leadIn as number) - (top as number)) / (10 * 11.811) - 1)).toBeLessThan(0.01);

    // Rhythm strip (lead II, last row): R-peak apexes against their known times.
    const strip = layout.cells.find((c) => c.row === 3 && c.lead === 'II');
    expect(strip).toBeDefined();
    const stripBase = (frame.grid.yMm + (strip?.baselineMm ?? 0)) * ppm;
    const xs = PEAKS_S.map((t) => {
      const expected = (frame.grid.xMm + (strip?.xMm ?? 0) + t * 25) * ppm;
      return apexX(raster, expected - 3 * ppm, expected + 3 * ppm, stripBase - 20 * ppm, Math.round(stripBase - 2 * ppm));
    });
    const n = xs.length;
    const meanT = PEAKS_S.reduce((a, b) => a + b, 0) / n;
    const meanX = xs.reduce((a, b) => a + b, 0) / n;
    const slope = PEAKS_S.reduce((s, t, i) => s + (t - meanT) * ((xs[i] as number) - meanX), 0) / PEAKS_S.reduce((s, t) => s + (t - meanT) ** 2, 0);
    // px per second / px per mm = mm per second of signal.
    expect(Math.abs(slope / ppm / 25 - 1)).toBeLessThan(0.01);
    // And the strip starts where the layout says (10 mm in: 2 mm, the 5 mm pulse, 3 mm): within 0.3 mm.
    const x0 = meanX - slope * meanT;
    expect(Math.abs(x0 / ppm - (frame.grid.xMm + 10))).toBeLessThan(0.3);
  });

  it('Letter at 50 mm/s and 20 mm/mV: Letter size, 50 mm per second, a 20 mm pulse', async () => {
    const { raster, info, images } = await renderPage({ paper: 'letter', speedMmPerS: 50, gainMmPerMv: 20 });
    const ppm = pxPerMm(raster);
    expect(info).toMatch(/Page size:\s+792 x 612 pts \(letter\)/);
    expect(images).toEqual([]);
    const frame = pageFrame('letter');
    const layout = computePrintLayout({
      layout: '3x4+1', leadNames: [...STANDARD_LEADS], durationS: 10, startS: 0, speedMmPerS: 50,
      gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm,
    });
    expect(layout.windowS).toBe(5);
    const baseY = (frame.grid.yMm + (layout.rowBaselinesMm[0] as number)) * ppm;
    const [leadIn] = inkRuns(raster, Math.round((frame.grid.xMm + 1.5) * ppm), Math.round(baseY - 3 * ppm), Math.round(baseY + 3 * ppm));
    // The pulse is 0.2 s x 50 mm/s = 10 mm wide: its middle is 7 mm from the grid edge.
    const [top] = inkRuns(raster, Math.round((frame.grid.xMm + 7) * ppm), Math.round(baseY - 25 * ppm), Math.round(baseY - 2 * ppm));
    expect(Math.abs(((leadIn as number) - (top as number)) / (20 * 11.811) - 1)).toBeLessThan(0.01);
    const strip = layout.cells.find((c) => c.row === 3);
    const stripBase = (frame.grid.yMm + (strip?.baselineMm ?? 0)) * ppm;
    const shown = PEAKS_S.filter((t) => t < layout.windowS - 0.1);
    const xs = shown.map((t) => {
      const expected = (frame.grid.xMm + (strip?.xMm ?? 0) + t * 50) * ppm;
      return apexX(raster, expected - 3 * ppm, expected + 3 * ppm, stripBase - 35 * ppm, Math.round(stripBase - 2 * ppm));
    });
    const span = ((xs.at(-1) as number) - (xs[0] as number)) / ppm;
    expect(Math.abs(span / (((shown.at(-1) as number) - (shown[0] as number)) * 50) - 1)).toBeLessThan(0.01);
  });
});
