import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../../src-renderer/src/features/trace/decimate';

describe('min/max decimation', () => {
  it('keeps a one-sample spike in its column', () => {
    const s = new Float32Array(1000);
    s[503] = 1500;
    s[250] = -800;
    const out = decimateMinMax(s, 0, 1000, 100);
    expect(out.length).toBe(200);
    expect(out[50 * 2 + 1]).toBe(1500);
    expect(out[25 * 2]).toBe(-800);
    let maxElsewhere = 0;
    for (let c = 0; c < 100; c++) if (c !== 50 && c !== 51 && c !== 49) maxElsewhere = Math.max(maxElsewhere, out[c * 2 + 1] as number);
    expect(maxElsewhere).toBe(0);
  });

  it('covers the envelope of a ramp with adjacent columns joined', () => {
    const s = Float32Array.from({ length: 100 }, (_, i) => i);
    const out = decimateMinMax(s, 0, 100, 10);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(9);
    expect(out[2]).toBe(9); // the join sample
    expect(out[19]).toBe(99);
  });

  it('handles a window past the end and zero columns', () => {
    const s = new Float32Array(10).fill(1);
    const out = decimateMinMax(s, 5, 20, 3);
    expect(out[0]).toBe(1);
    expect(Number.isNaN(out[5] as number)).toBe(true);
    expect(decimateMinMax(s, 0, 10, 0).length).toBe(0);
  });
});
