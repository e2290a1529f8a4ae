import { describe, expect, it } from 'vitest';
import { calibrationStart, trimCalibration } from '../../../../../src-main/core/ecg/philips-sierra/calibration';
import { lzwDecode } from '../../../../../src-main/core/ecg/philips-sierra/lzw';
import { restoreLimbLeads, xliDecode, xliUndoDeltas, xliUnpack } from '../../../../../src-main/core/ecg/philips-sierra/xli';
import type { Lead } from '../../../../../src-main/core/ecg/record';

/** Packs 10-bit codes MSB first, then an end code and padding (the decoder refills 32 bits at a time). */
function packCodes(codes: number[]): Uint8Array {
  const bits = [...codes, 1023].map((c) => c.toString(2).padStart(10, '0')).join('') + '0'.repeat(32);
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i += 1) if (bits[i] === '1') out[i >> 3] = (out[i >> 3] ?? 0) | (0x80 >> (i & 7));
  return out;
}

const text = (b: Uint8Array): string => String.fromCharCode(...b);

describe('XLI LZW (10-bit codes)', () => {
  it('decodes literals and dictionary codes built while decoding', () => {
    // 65 'A', 66 'B' (adds 256 = 'AB'), 256 'AB' (adds 257 = 'BA').
    expect(text(lzwDecode(packCodes([65, 66, 256]), 10, 100))).toBe('ABAB');
    expect(text(lzwDecode(packCodes([65, 66, 256, 257]), 10, 100))).toBe('ABABBA');
  });

  it('handles the code that is defined by its own use (KwKwK)', () => {
    // 'A' then code 256 before it exists: previous + previous[0] = 'AA'.
    expect(text(lzwDecode(packCodes([65, 256]), 10, 100))).toBe('AAA');
  });

  it('rejects an impossible code and bounds the output', () => {
    expect(() => lzwDecode(packCodes([65, 300]), 10, 100)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => lzwDecode(packCodes([65, 66, 256, 257, 258, 259]), 10, 6)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});

describe('XLI sample reconstruction', () => {
  it('joins the high-byte half and the low-byte half into signed 16-bit values', () => {
    expect(Array.from(xliUnpack(Uint8Array.from([0x00, 0xff, 0x01, 0x05, 0xfe, 0x40])))).toEqual([5, -2, 320]);
  });

  it('undoes the predictor: s[i] = 2 s[i-1] - s[i-2] - (code[i-1] - 64), seeded by the chunk header', () => {
    // codes 5, 10, 70, 64: s2 = 2*10 - 5 - first(2) = 13; s3 = 2*13 - 10 - (70 - 64) = 10
    expect(Array.from(xliUndoDeltas(Int32Array.from([5, 10, 70, 64]), 2))).toEqual([5, 10, 13, 10]);
  });

  it('decodes a chunked stream and refuses a chunk larger than the data', () => {
    const payload = packCodes([0, 0, 5, 10]); // bytes 00 00 05 0A -> values 0x0005, 0x000A
    const header = new Uint8Array(8);
    new DataView(header.buffer).setInt32(0, payload.length, true);
    new DataView(header.buffer).setInt16(6, 0, true);
    const leads = xliDecode(Uint8Array.from([...header, ...payload]), 4, 100);
    expect(leads).toHaveLength(1);
    expect(Array.from(leads[0] ?? [])).toEqual([5, 10]);
    new DataView(header.buffer).setInt32(0, payload.length + 100, true);
    expect(() => xliDecode(Uint8Array.from([...header, ...payload]), 4, 100)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('restores III, aVR, aVL, aVF from residuals against I and II', () => {
    const I = Int32Array.from([100, 40]);
    const II = Int32Array.from([300, -20]);
    // Residual 0 everywhere: the restored leads are exactly Einthoven/Goldberger (floor division).
    const leads = [I, II, new Int32Array(2), new Int32Array(2), new Int32Array(2), new Int32Array(2)];
    restoreLimbLeads(leads, [0, 1, 2, 3, 4, 5]);
    expect(Array.from(leads[2] ?? [])).toEqual([200, -60]); // III = II - I
    expect(Array.from(leads[3] ?? [])).toEqual([-200, -10]); // aVR = -(I + II) / 2
    expect(Array.from(leads[4] ?? [])).toEqual([-50, 50]); // aVL = (I - III) / 2
    expect(Array.from(leads[5] ?? [])).toEqual([250, -40]); // aVF = (II + III) / 2
  });
});

describe('calibration marker', () => {
  const leadsWith = (ecg: number[]): Lead[] =>
    [0, 1].map((k) => ({ name: `L${k}`, derived: false, samples: Float32Array.from([...ecg.map((v) => v + k), ...Array<number>(10).fill(0), ...Array<number>(25).fill(1000), ...Array<number>(5).fill(0)]) }));

  it('finds and cuts the zero + 1 mV marker at the end of the strip', () => {
    const ecg = Array.from({ length: 200 }, (_, i) => Math.round(100 * Math.sin(i / 5)) + 3);
    const leads = leadsWith(ecg);
    expect(calibrationStart(leads)).toBe(200);
    expect(trimCalibration(leads, 500)).toBeCloseTo(40 / 500, 10);
    expect(leads[1]?.samples.length).toBe(200);
    expect(leads[1]?.samples[0]).toBe((ecg[0] ?? NaN) + 1);
  });

  it('leaves strips without a marker alone', () => {
    const leads = [{ name: 'I', derived: false, samples: Float32Array.from({ length: 300 }, (_, i) => i % 50) }];
    expect(trimCalibration(leads, 500)).toBe(0);
    expect(leads[0]?.samples.length).toBe(300);
  });
});
