import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../../src-renderer/src/features/trace/layout';
import { basePxPerMm, clampPan, paperToScreen, screenToPaper, zoomAbout } from '../../../../src-renderer/src/features/trace/viewport';

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
