import { describe, expect, it } from 'vitest';
import { applyDisplayFilter, filterLabel, NO_FILTER } from '../../../../src-renderer/src/features/trace/filters';

const fs = 500;
function sine(freq: number, seconds = 10, amp = 1000): Float32Array {
  return Float32Array.from({ length: fs * seconds }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / fs));
}
/** RMS over the middle half, away from the ends. */
function rms(x: Float32Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / (b - a));
}

describe('display filters', () => {
  it('returns the input untouched without a filter, and never modifies it', () => {
    const x = sine(10);
    expect(applyDisplayFilter(x, fs, NO_FILTER)).toBe(x);
    const copy = Float32Array.from(x);
    applyDisplayFilter(x, fs, { band: 'monitoring', notchHz: 50 });
    expect(x).toEqual(copy);
  });

  it('diagnostic 0.05-150 Hz passes 1-40 Hz and removes a DC offset', () => {
    for (const f of [1, 10, 40]) expect(rms(applyDisplayFilter(sine(f), fs, { band: 'diagnostic', notchHz: 0 })) / rms(sine(f))).toBeGreaterThan(0.97);
    const dc = new Float32Array(fs * 60).fill(2000);
    const out = applyDisplayFilter(dc, fs, { band: 'diagnostic', notchHz: 0 });
    expect(Math.abs(out[out.length / 2] as number)).toBeLessThan(50);
  });

  it('monitoring 0.5-40 Hz attenuates 100 Hz and baseline wander at 0.1 Hz', () => {
    const m = { band: 'monitoring', notchHz: 0 } as const;
    expect(rms(applyDisplayFilter(sine(100), fs, m)) / rms(sine(100))).toBeLessThan(0.1);
    expect(rms(applyDisplayFilter(sine(0.1, 60), fs, m)) / rms(sine(0.1, 60))).toBeLessThan(0.1);
    expect(rms(applyDisplayFilter(sine(10), fs, m)) / rms(sine(10))).toBeGreaterThan(0.95);
  });

  it('notch removes mains hum and keeps neighbouring frequencies', () => {
    expect(rms(applyDisplayFilter(sine(50), fs, { band: 'none', notchHz: 50 })) / 707).toBeLessThan(0.05);
    expect(rms(applyDisplayFilter(sine(60), fs, { band: 'none', notchHz: 60 })) / 707).toBeLessThan(0.05);
    expect(rms(applyDisplayFilter(sine(20), fs, { band: 'none', notchHz: 50 })) / rms(sine(20))).toBeGreaterThan(0.97);
  });

  it('labels the active filter for the footer', () => {
    expect(filterLabel(NO_FILTER)).toBe('unfiltered');
    expect(filterLabel({ band: 'diagnostic', notchHz: 0 })).toBe('0.05-150 Hz');
    expect(filterLabel({ band: 'monitoring', notchHz: 60 })).toBe('0.5-40 Hz + 60 Hz notch');
  });
});
