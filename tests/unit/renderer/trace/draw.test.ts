import { describe, expect, it } from 'vitest';
import { drawCalibrationPulses, drawLabels } from '../../../../src-renderer/src/features/trace/draw-paper';
import { drawOcclusion, drawTraces, drawVarianceBand, leadImportance } from '../../../../src-renderer/src/features/trace/draw-trace';
import { computeLayout } from '../../../../src-renderer/src/features/trace/layout';
import type { PaperContext } from '../../../../src-renderer/src/features/trace/paper-context';
import type { Viewport } from '../../../../src-renderer/src/features/trace/viewport';

type Call = [string, ...unknown[]];

/** A context that records every call and the fill style in effect for each fillRect. */
function recorder(): PaperContext & { calls: Call[] } {
  const calls: Call[] = [];
  const rec =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const ctx = {
    calls,
    strokeStyle: '' as unknown,
    fillStyle: '' as unknown,
    lineWidth: 1,
    lineJoin: 'miter' as const,
    font: '',
    textBaseline: 'top' as const,
    beginPath: rec('beginPath'),
    moveTo: rec('moveTo'),
    lineTo: rec('lineTo'),
    stroke: rec('stroke'),
    rect: rec('rect'),
    clip: rec('clip'),
    fillRect: (...a: unknown[]) => calls.push(['fillRect', ...a, ctx.fillStyle]),
    fillText: rec('fillText'),
    measureText: (t: string) => ({ width: t.length * 7 }),
    save: rec('save'),
    restore: rec('restore'),
    setTransform: rec('setTransform'),
    setLineDash: rec('setLineDash'),
  };
  return ctx;
}

const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const layout = computeLayout({ layout: '3x4+1', leadNames: TWELVE, durationS: 10, startS: 0, speedMmPerS: 25, gainMmPerMv: 10 });
const vp: Viewport = { pxPerMm: 4, panX: 0, panY: 0, widthPx: 1200, heightPx: 800 };

describe('drawing on the paper (recorded calls)', () => {
  it('draws one 1 mV x 0.2 s pulse per row: 40 px high and 20 px wide at 10 mm/mV, 25 mm/s, 4 px/mm', () => {
    const ctx = recorder();
    drawCalibrationPulses(ctx, vp, layout, 25, 10, 1);
    const pts = ctx.calls.filter((c) => c[0] === 'moveTo' || c[0] === 'lineTo').map((c) => [c[1], c[2]] as [number, number]);
    expect(pts).toHaveLength(4 * 6);
    const [, up, top, topEnd] = pts;
    expect((up?.[1] ?? 0) - (top?.[1] ?? 0)).toBeCloseTo(40, 10);
    expect((topEnd?.[0] ?? 0) - (top?.[0] ?? 0)).toBeCloseTo(20, 10);
  });

  it('decimates to about two vertices per pixel column and keeps a spike', () => {
    const n = 10_000; // 10 s at 1000 Hz
    const leads = TWELVE.map(() => new Float32Array(n));
    const ii = leads[1] as Float32Array;
    ii[5003] = 2000; // 2 mV spike at 5.003 s
    const ctx = recorder();
    const vertices = drawTraces(ctx, layout, { sampleRateHz: 1000, leads }, vp, 25, 10, 1);
    // 13 cells, 1000 px of signal per row at 100 px/s: about 2 x 1000 per row, never one per sample.
    expect(vertices).toBeLessThan(4 * 2 * 1002 + 200);
    expect(vertices).toBeGreaterThan(4 * 2 * 990);
    // The strip is the last cell drawn: its calls follow the last clip. A 2 mV spike overflows the 30 mm row's
    // top (baseline 18 mm down) and must be drawn in full, not clipped to the row.
    const lastClip = ctx.calls.map((c) => c[0]).lastIndexOf('clip');
    const stripYs = ctx.calls.slice(lastClip).filter((c) => c[0] === 'lineTo').map((c) => c[2] as number);
    const minY = Math.min(...stripYs);
    const clipRect = ctx.calls[lastClip - 1];
    expect(clipRect?.[2]).toBe(0);
    expect(clipRect?.[4]).toBe(vp.heightPx);
    const stripBaseline = (layout.rowBaselinesMm[3] ?? 0) * 4;
    expect(stripBaseline - minY).toBeCloseTo(80, 0); // 2 mV x 10 mm/mV x 4 px/mm
  });

  it('draws nothing for an unusable lead and labels it unusable (issue 11)', () => {
    const ctx = recorder();
    const leads = TWELVE.map((_, i) => (i === 7 ? new Float32Array(0) : new Float32Array(10_000)));
    drawTraces(ctx, layout, { sampleRateHz: 1000, leads }, vp, 25, 10, 1);
    const ys = ctx.calls.filter((c) => c[0] === 'lineTo' || c[0] === 'moveTo').map((c) => c[2] as number);
    expect(ys.every((y) => Number.isFinite(y) && y >= 0 && y <= vp.heightPx)).toBe(true);
    const labels = recorder();
    drawLabels(labels, vp, layout, () => false, null, (i) => i === 7);
    const texts = labels.calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
    expect(texts).toContain('V2 (unusable)');
    expect(texts).not.toContain('V2');
  });

  it('draws the variance band under every rhythm cell, proportional to the step variance', () => {
    const ctx = recorder();
    drawVarianceBand(ctx, layout, { startS: 0, stepS: 5, values: [1, 2] }, vp, 25);
    const rects = ctx.calls.filter((c) => c[0] === 'fillRect');
    // Cells of 2.5 s see one step each; the 10 s strip sees both.
    expect(rects).toHaveLength(12 + 2);
    const heights = rects.map((r) => r[4] as number);
    expect(Math.max(...heights) / Math.min(...heights)).toBeCloseTo(2, 6);
  });

  it('shades occlusion per lead and region, and labels derived and missing leads', () => {
    const map = { leads: ['I', 'II'], startS: 0, regionS: 5, delta: [[0.1, -0.2], [0.4, 0]] };
    expect(leadImportance(map)).toEqual(new Map([['I', 0.5], ['II', 1]]));
    const ctx = recorder();
    drawOcclusion(ctx, layout, map, vp, 25);
    expect(ctx.calls.filter((c) => c[0] === 'fillRect').length).toBeGreaterThan(0);
    const labels = recorder();
    const partial = computeLayout({ layout: '3x4+1', leadNames: ['I', 'II', 'III'], durationS: 10, startS: 0, speedMmPerS: 25, gainMmPerMv: 10 });
    drawLabels(labels, vp, partial, (i) => i === 2, null);
    const texts = labels.calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
    expect(texts).toContain('III (derived)');
    expect(texts).toContain('aVR (not recorded)');
    // Panned 100 px right: the first column's labels stick to the left edge instead of leaving the screen.
    const panned = recorder();
    drawLabels(panned, { ...vp, panX: 100 }, partial, () => false, null);
    const first = panned.calls.find((c) => c[0] === 'fillText' && c[1] === 'I');
    expect(first?.[2]).toBeCloseTo(1.5 * 4, 6);
  });
});

describe('gaps in the signal (padding)', () => {
  const median = computeLayout({ layout: 'median', leadNames: TWELVE, durationS: 1.2, startS: 0, speedMmPerS: 25, gainMmPerMv: 10 });

  it.each([
    ['sample by sample', { pxPerMm: 8, panX: 0, panY: 0, widthPx: 2000, heightPx: 1000 }, 250],
    ['min/max decimated', { pxPerMm: 4, panX: 0, panY: 0, widthPx: 2000, heightPx: 1000 }, 1000],
  ] as const)('never bridges a gap and reports the drawn span (%s)', (_name, view, fs) => {
    const n = Math.round(1.2 * fs);
    const beatEnd = Math.round(1.0 * fs);
    // Padding inside (0.5-0.7 s, as at the start of a shorter ECGToolkit rhythm lead) and at the end (1.0-1.2 s).
    const inGap = (i: number) => i >= beatEnd || (i >= 0.5 * fs && i < 0.7 * fs);
    const leads = TWELVE.map(() => Float32Array.from({ length: n }, (_, i) => (inGap(i) ? Number.NaN : 500 * Math.sin(i / 10))));
    const ctx = recorder();
    const extents: { lead: string; minMv: number; maxMv: number }[] = [];
    drawTraces(ctx, median, { sampleRateHz: fs, leads }, view, 25, 10, 1, extents);
    const first = median.cells[0]!;
    const gapStartX = (first.xMm + 1.0 * 25) * view.pxPerMm;
    const cellEndX = (first.xMm + first.wMm) * view.pxPerMm;
    // No vertex of the first cell lies inside its padded 1.0-1.2 s.
    const firstCellCalls = ctx.calls.slice(0, ctx.calls.findIndex((c, i) => i > 0 && c[0] === 'restore'));
    const xs = firstCellCalls.filter((c) => c[0] === 'lineTo' || c[0] === 'moveTo').map((c) => c[1] as number);
    expect(xs.length).toBeGreaterThan(10);
    expect(xs.filter((x) => x > gapStartX + 1.5 && x < cellEndX).length).toBe(0);
    const midGap = [(first.xMm + 0.5 * 25) * view.pxPerMm, (first.xMm + 0.7 * 25) * view.pxPerMm] as const;
    expect(xs.filter((x) => x > midGap[0] + 1.5 && x < midGap[1] - 1.5).length).toBe(0);
    // The line resumes after the gap with a move, not a line drawn across it.
    const resume = firstCellCalls.find((c) => (c[0] === 'lineTo' || c[0] === 'moveTo') && (c[1] as number) >= midGap[1] - 1.5);
    expect(resume?.[0]).toBe('moveTo');
    expect(extents).toHaveLength(12);
    for (const e of extents) {
      expect(e.minMv).toBeGreaterThanOrEqual(-0.5 - 1e-3);
      expect(e.maxMv).toBeLessThanOrEqual(0.5 + 1e-3);
    }
  });
});
