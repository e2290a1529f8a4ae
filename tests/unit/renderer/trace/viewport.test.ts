import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../../src-renderer/src/features/trace/layout';
import { basePxPerMm, clampPan, FIT_MIN_TRUE_SIZE, paperToScreen, screenToPaper, zoomAbout } from '../../../../src-renderer/src/features/trace/viewport';

const layout = computeLayout({
  layout: '3x4+1',
  leadNames: ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'],
  durationS: 10,
  startS: 0,
  speedMmPerS: 25,
  gainMmPerMv: 10,
});

describe('viewport', () => {
  it('uses the calibrated density in true-size mode and fits the page otherwise', () => {
    expect(basePxPerMm('true-size', 4.1, layout, 800, 600)).toBe(4.1);
    const fit = basePxPerMm('fit', 4.1, layout, 1200, 2000);
    expect(fit * layout.widthMm).toBeCloseTo(1200, 6);
  });

  it('zooms about the cursor: the paper point under it does not move', () => {
    const vp = { pxPerMm: 4, panX: 100, panY: 20, widthPx: 800, heightPx: 600 };
    const before = screenToPaper(vp, 300, 200);
    const z = zoomAbout(vp, 2, 300, 200);
    expect(z.pxPerMm).toBe(8);
    const after = paperToScreen(z, before.xMm, before.yMm);
    expect(after.x).toBeCloseTo(300, 10);
    expect(after.y).toBeCloseTo(200, 10);
  });

  it('keeps the pan on the page', () => {
    const vp = clampPan({ pxPerMm: 4, panX: -50, panY: 99999, widthPx: 800, heightPx: 300 }, layout);
    expect(vp.panX).toBe(0);
    expect(vp.panY).toBeCloseTo(layout.heightMm * 4 - 300, 10);
  });
});

describe('fit', () => {
  const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
  const page = (id: '3x4+1' | '12x1', speed = 25, gain = 10) =>
    computeLayout({ layout: id, leadNames: TWELVE, durationS: 10, startS: 0, speedMmPerS: speed, gainMmPerMv: gain });
  const CSS = 96 / 25.4;

  it('fits the whole reference page when that keeps at least 80 % of true size', () => {
    const ref = page('3x4+1');
    // 1280x800 with the AI panel open leaves about 936 x 623 px for the paper.
    const ppm = basePxPerMm('fit', CSS, ref, 936, 623);
    expect(ppm * ref.widthMm).toBeCloseTo(936, 6);
    expect(ppm * ref.heightMm).toBeLessThanOrEqual(623);
    expect(ppm / CSS).toBeGreaterThanOrEqual(0.8);
    // Height-bound on a wide, short view.
    expect(basePxPerMm('fit', CSS, ref, 3000, 500) * ref.heightMm).toBeCloseTo(500, 6);
  });

  it('fills the width and scrolls when the whole page would fall under 80 % of true size (12x1 on a laptop)', () => {
    const ref = page('12x1');
    const ppm = basePxPerMm('fit', CSS, ref, 936, 623);
    expect(Math.min(936 / ref.widthMm, 623 / ref.heightMm)).toBeLessThan(FIT_MIN_TRUE_SIZE * CSS);
    expect(ppm * ref.widthMm).toBeCloseTo(936, 6);
    expect(ppm * ref.heightMm).toBeGreaterThan(623);
    // A full HD view holds the whole 12x1 page at >= 80 % of true size.
    const big = basePxPerMm('fit', CSS, ref, 1443, 903);
    expect(big * ref.heightMm).toBeLessThanOrEqual(903 + 1e-9);
    expect(big / CSS).toBeGreaterThanOrEqual(0.8);
  });

  it('sizes the reference page, so speed and gain change the page, not the scale (mm/s : mm/mV kept)', () => {
    const ref = page('3x4+1');
    const ppm = basePxPerMm('fit', CSS, ref, 936, 623);
    for (const [speed, gain] of [[12.5, 5], [50, 10], [25, 20]] as const) {
      const p = page('3x4+1', speed, gain);
      // The same px per mm whatever the page at this speed and gain measures.
      expect(basePxPerMm('fit', CSS, ref, 936, 623)).toBe(ppm);
      expect((speed * ppm) / (gain * ppm)).toBeCloseTo(speed / gain, 12);
      if (speed === 50) expect(p.widthMm * ppm).toBeGreaterThan(936);
      if (gain === 20) expect(p.heightMm * ppm).toBeGreaterThan(623);
    }
  });
});
