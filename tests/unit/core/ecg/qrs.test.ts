import { describe, expect, it } from 'vitest';
import { detectQrs, detectQrsMultiLead } from '../../../../src-main/core/ecg/qrs';

/** A synthetic lead (uV): QRS as a narrow R with small Q/S, a broad tall T 280 ms later, baseline wander, noise. */
function synthetic(fs: number, beatsS: number[], durationS: number, opts: { tScale?: number; tWidthS?: number; rUv?: number; seed?: number } = {}) {
  const n = Math.round(durationS * fs);
  const x = new Float32Array(n);
  let seed = opts.seed ?? 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5;
  const r = opts.rUv ?? 1200;
  const bump = (t: number, c: number, w: number, a: number) => a * Math.exp(-0.5 * ((t - c) / w) ** 2);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    let v = 300 * Math.sin(2 * Math.PI * 0.25 * t) + 20 * rand();
    for (const b of beatsS) {
      if (Math.abs(t - b) > 0.6) continue;
      v += bump(t, b - 0.03, 0.008, -0.1 * r) + bump(t, b, 0.012, r) + bump(t, b + 0.03, 0.008, -0.2 * r);
      v += bump(t, b + 0.28, opts.tWidthS ?? 0.05, (opts.tScale ?? 0.35) * r);
    }
    x[i] = v;
  }
  return x;
}

const regular = (rateBpm: number, durationS: number, first = 0.4) => {
  const out: number[] = [];
  for (let t = first; t < durationS - 0.3; t += 60 / rateBpm) out.push(t);
  return out;
};

describe('QRS detection (Pan-Tompkins style)', () => {
  for (const fs of [100, 250, 500, 1000]) {
    for (const rate of [45, 75, 150]) {
      it(`finds every beat at ${rate} bpm, ${fs} Hz, within 15 ms, despite baseline wander and a tall T wave`, () => {
        const truth = regular(rate, 10);
        const found = detectQrs(synthetic(fs, truth, 10, { tScale: 0.6 }), fs).map((i) => i / fs);
        expect(found).toHaveLength(truth.length);
        found.forEach((t, k) => expect(Math.abs(t - (truth[k] as number))).toBeLessThan(0.015));
      });
    }
  }

  it('does not count a tall peaked T wave as a beat (slope rule within 360 ms)', () => {
    const fs = 500;
    const truth = regular(60, 10);
    const found = detectQrs(synthetic(fs, truth, 10, { tScale: 0.9, tWidthS: 0.03 }), fs).map((i) => i / fs);
    expect(found).toHaveLength(truth.length);
    found.forEach((t, k) => expect(Math.abs(t - (truth[k] as number))).toBeLessThan(0.015));
  });

  it('searches back for a beat the threshold missed when no beat came for 1.66 mean RR', () => {
    const fs = 500;
    const truth = regular(60, 20);
    const x = synthetic(fs, truth, 20);
    // One beat 40 % of the others' size, as after an ectopic run: under the threshold, found on search back.
    const weak = truth[12] as number;
    for (let i = Math.round((weak - 0.15) * fs); i < Math.round((weak + 0.15) * fs); i++) x[i] = (x[i] as number) * 0.4;
    const found = detectQrs(x, fs).map((i) => i / fs);
    expect(found).toHaveLength(truth.length);
    expect(found.some((t) => Math.abs(t - weak) < 0.015)).toBe(true);
  });

  it('returns nothing for a flat line, a too short signal or a too low sample rate', () => {
    expect(detectQrs(new Float32Array(5000), 500)).toEqual([]);
    expect(detectQrs(synthetic(500, [0.1], 0.3), 500)).toEqual([]);
    expect(detectQrs(synthetic(40, regular(60, 10), 10), 40)).toEqual([]);
  });

  it('holds the last value over gaps (non-finite samples) instead of reading them as beats', () => {
    const fs = 500;
    const truth = regular(60, 10);
    const x = synthetic(fs, truth, 10);
    for (let i = 2600; i < 2800; i++) x[i] = Number.NaN;
    const found = detectQrs(x, fs).map((i) => i / fs);
    expect(found.every((t) => truth.some((b) => Math.abs(b - t) < 0.015))).toBe(true);
    expect(found.length).toBeGreaterThanOrEqual(truth.length - 1);
  });

  it('on several leads, carries a lead where the beat is small by the others and places each lead\'s own fiducial', () => {
    const fs = 500;
    const truth = regular(70, 10);
    const big = synthetic(fs, truth, 10, { rUv: 1500 });
    // A lead where the QRS peaks 8 ms later and is tiny next to its noise.
    const small = synthetic(fs, truth.map((t) => t + 0.008), 10, { rUv: 60, seed: 3 });
    const flat = new Float32Array(big.length);
    const m = detectQrsMultiLead([big, small, flat], fs);
    expect(m.beats).toHaveLength(truth.length);
    expect(m.perLead).toHaveLength(3);
    m.perLead[1]?.forEach((i, k) => expect(Math.abs(i / fs - ((truth[k] as number) + 0.008))).toBeLessThan(0.012));
  });
});
