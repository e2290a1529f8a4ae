import { describe, expect, it } from 'vitest';
import { applyDisplayFilter, filterLabel, NO_FILTER } from '../../../src-shared/ecg-paper/display-filter';

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

describe('display filters around gaps (padding)', () => {
  // A 1 s median-like beat followed by 0.2 s of padding decoded as 0 uV (what the reader stores there).
  const beat = Float32Array.from({ length: 600 }, (_, i) => (i < 500 ? 300 + 800 * Math.exp(-(((i - 200) / 8) ** 2)) : 0));
  const gaps: [number, number][] = [[500, 600]];

  it('finds the data segments between gaps', async () => {
    const { dataSegments } = await import('../../../src-shared/ecg-paper/display-filter');
    expect(dataSegments(10, [])).toEqual([[0, 10]]);
    expect(dataSegments(10, [[0, 2], [5, 7]])).toEqual([[2, 5], [7, 10]]);
    expect(dataSegments(10, [[8, 10]])).toEqual([[0, 8]]);
  });

  it('leaves gaps blank (NaN) with or without a filter, and the data untouched without one', () => {
    const raw = applyDisplayFilter(beat, fs, NO_FILTER, gaps);
    expect(Array.from(raw.subarray(0, 500))).toEqual(Array.from(beat.subarray(0, 500)));
    expect(raw.subarray(500).every(Number.isNaN)).toBe(true);
    const filtered = applyDisplayFilter(beat, fs, { band: 'monitoring', notchHz: 50 }, gaps);
    expect(filtered.subarray(500).every(Number.isNaN)).toBe(true);
    expect(filtered.subarray(0, 500).every(Number.isFinite)).toBe(true);
  });

  it('filters each segment as if the gap were not there: nothing leaks across it', () => {
    for (const band of ['diagnostic', 'monitoring'] as const) {
      const f = { band, notchHz: 0 } as const;
      const withGap = applyDisplayFilter(beat, fs, f, gaps).subarray(0, 500);
      const alone = applyDisplayFilter(beat.subarray(0, 500), fs, f);
      expect(Array.from(withGap)).toEqual(Array.from(alone));
      // Filtering straight across the padding (the old behaviour) rings at the beat's end instead.
      const across = applyDisplayFilter(beat, fs, f).subarray(0, 500);
      const diff = Math.max(...Array.from(across, (v, i) => Math.abs(v - (alone[i] as number))));
      expect(diff).toBeGreaterThan(5);
    }
  });
});
