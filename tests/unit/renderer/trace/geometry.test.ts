import { describe, expect, it } from 'vitest';
import {
  calibrationPulsePx,
  caliperFromPx,
  caliperFromSignal,
  CSS_PX_PER_MM,
  effectiveScale,
  mmToPx,
  pxPerMmFromRuler,
  pxPerMv,
  pxPerSecond,
  pxToMm,
  samplesPerPixel,
} from '../../../../src-renderer/src/features/trace/geometry';

describe('paper geometry', () => {
  it('converts mm to px and back with the calibrated density', () => {
    expect(mmToPx(5, 4)).toBe(20);
    expect(pxToMm(20, 4)).toBe(5);
    expect(CSS_PX_PER_MM).toBeCloseTo(3.7795, 4);
  });

  it('gives px per second = paper speed x px per mm (25 mm/s on a 4.2 px/mm screen = 105 px/s)', () => {
    expect(pxPerSecond(25, 4.2)).toBeCloseTo(105, 10);
    expect(pxPerSecond(50, 4.2)).toBeCloseTo(210, 10);
    expect(pxPerSecond(12.5, 4)).toBe(50);
  });

  it('gives px per mV = gain x px per mm', () => {
    expect(pxPerMv(10, 4)).toBe(40);
    expect(pxPerMv(20, 3)).toBe(60);
  });

  it('sizes the 1 mV x 0.2 s calibration pulse from speed and gain', () => {
    expect(calibrationPulsePx(25, 10, 4)).toEqual({ widthPx: 20, heightPx: 40 });
    const p = calibrationPulsePx(50, 5, 3);
    expect(p.widthPx).toBeCloseTo(30, 10);
    expect(p.heightPx).toBeCloseTo(15, 10);
  });

  it('labels the effective scale when the render density differs from the screen', () => {
    expect(effectiveScale(25, 10, 4, 4)).toEqual({ mmPerS: 25, mmPerMv: 10 });
    const e = effectiveScale(25, 10, 2, 4);
    expect(e.mmPerS).toBe(12.5);
    expect(e.mmPerMv).toBe(5);
  });

  it('computes the screen density from a ruler bar and rejects nonsense', () => {
    expect(pxPerMmFromRuler(400, 100)).toBe(4);
    expect(() => pxPerMmFromRuler(0, 100)).toThrow(RangeError);
    expect(() => pxPerMmFromRuler(100, -1)).toThrow(RangeError);
  });

  it('reads calipers at the current speed and gain, not an assumed 25 mm/s', () => {
    // One large box (5 mm) at 25 mm/s = 200 ms; at 50 mm/s = 100 ms.
    const at25 = caliperFromPx(20, 0, 25, 10, 4);
    expect(at25.ms).toBeCloseTo(200, 10);
    expect(at25.bpm).toBeCloseTo(300, 10);
    expect(caliperFromPx(20, 0, 50, 10, 4).ms).toBeCloseTo(100, 10);
    // 10 mm up at 10 mm/mV = +1 mV; at 20 mm/mV = +0.5 mV.
    expect(caliperFromPx(0, -40, 25, 10, 4).mV).toBeCloseTo(1, 10);
    expect(caliperFromPx(0, -40, 25, 20, 4).mV).toBeCloseTo(0.5, 10);
    expect(caliperFromPx(0, 40, 25, 10, 4).bpm).toBeNull();
  });

  it('turns an R-R interval into a rate', () => {
    expect(caliperFromSignal(0.8, 0).bpm).toBeCloseTo(75, 10);
    expect(caliperFromSignal(-1, 0.5)).toEqual({ ms: 1000, mV: 0.5, bpm: 60 });
  });

  it('counts samples per pixel column', () => {
    expect(samplesPerPixel(500, 25, 4)).toBe(5);
    expect(samplesPerPixel(250, 50, 4)).toBeCloseTo(1.25, 10);
  });
});
