/**
 * Philips Sierra reader against every corpus file. Independent checks: after XLI decoding and the limb
 * residual restore, Einthoven's and Goldberger's relations (III = II - I, aVR = -(I + II) / 2) must hold
 * to within rounding, which no wrong decode satisfies by chance; beat counts on lead II agree with the
 * device's heart rate; and the same document in UTF-16 LE/BE with or without BOM reads identically.
 */
import { describe, expect, it } from 'vitest';
import { philipsSierraReader } from '../../../../src-main/core/ecg/philips-sierra';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { countBeats, fixture, lead, stats } from './vendor-reader-helpers';

const DIR = 'philips-sierra-xml';
const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const read = (name: string): EcgRecord => philipsSierraReader.read({ bytes: fixture(DIR, name) });

interface Expected {
  file: string;
  version: string;
  time: string;
  samples: number;
  median: { rate: number; samples: number };
  ii: { rms: number; min: number; max: number };
  measurements: Record<string, number | string>;
  statements: number;
}

const FILES: Expected[] = [
  { file: 'sierra_1_03_129DYPRG.XML', version: 'SierraECG 1.03', time: '2011-12-01T07:27:34', samples: 5264, median: { rate: 0, samples: 0 }, ii: { rms: 176.52, min: -465, max: 625 }, measurements: { heartRateBpm: 41, prMs: 151, qrsMs: 135, qtMs: 476, qtcMs: 393, pAxisDeg: 66, qrsAxisDeg: -21, tAxisDeg: 59 }, statements: 5 },
  { file: 'sierra_1_03_repbeats_example.xml', version: 'SierraECG 1.03', time: '2011-12-01T07:27:34', samples: 5264, median: { rate: 1000, samples: 1200 }, ii: { rms: 176.52, min: -465, max: 625 }, measurements: { heartRateBpm: 41, prMs: 151, qrsMs: 135, qtMs: 476, qtcMs: 393, pAxisDeg: 66, qrsAxisDeg: -21, tAxisDeg: 59 }, statements: 5 },
  { file: 'sierra_1_04_3191723_ZZDEMOPTONLY_orig.xml', version: 'PhilipsECG 1.04', time: '2010-01-19T15:19:22', samples: 5300, median: { rate: 500, samples: 600 }, ii: { rms: 298.72, min: -920, max: 1400 }, measurements: { heartRateBpm: 84, prMs: 144, qrsMs: 84, qtMs: 352, qtcMs: 417, qtcFormula: 'Bazett', pAxisDeg: 81, qrsAxisDeg: 78, tAxisDeg: 67 }, statements: 4 },
  { file: 'sierra_1_04_ad4d3d80-d165_orig.xml', version: 'PhilipsECG 1.04', time: '2008-12-23T19:44:46', samples: 5300, median: { rate: 500, samples: 600 }, ii: { rms: 134.466, min: -100, max: 975 }, measurements: { heartRateBpm: 41, prMs: 144, qrsMs: 102, qtMs: 564, qtcMs: 466, qtcFormula: 'Bazett', pAxisDeg: 19, qrsAxisDeg: 85, tAxisDeg: 53 }, statements: 3 },
  { file: 'sierra_1_04_01_2020-5-18_15-48-11.xml', version: 'PhilipsECG 1.04.01', time: '2020-05-18T15:48:11', samples: 5300, median: { rate: 1000, samples: 1200 }, ii: { rms: 493.129, min: 115, max: 1365 }, measurements: { heartRateBpm: 64, prMs: 164, qrsMs: 102, qtMs: 399, qtcMs: 412, qtcFormula: 'Bazett', pAxisDeg: 27, qrsAxisDeg: 22, tAxisDeg: 80 }, statements: 3 },
];

function maxDeviation(a: Float32Array, f: (i: number) => number): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs((a[i] ?? 0) - f(i)));
  return m;
}

describe('Philips Sierra XML corpus', () => {
  for (const e of FILES) {
    it(`${e.file}: XLI rhythm, limb residuals restored, measurements`, () => {
      expect(philipsSierraReader.sniff({ bytes: fixture(DIR, e.file) })).toBe(true);
      const r = read(e.file);
      expect(r.formatVersion).toBe(e.version);
      expect(r.acquisitionTime).toBe(e.time);
      const rhythm = r.groups[0];
      expect(rhythm?.kind).toBe('rhythm');
      expect(rhythm?.sampleRateHz).toBe(500);
      expect(rhythm?.leads.map((l) => l.name)).toEqual(TWELVE);
      expect(rhythm?.leads.every((l) => l.samples.length === e.samples && !l.derived)).toBe(true);
      // 11 s stored; the calibration marker at the end is cut and reported.
      expect(r.warnings.some((w) => w.includes('calibration marker'))).toBe(true);
      const [i, ii, iii, avr] = ['I', 'II', 'III', 'aVR'].map((n) => lead(rhythm, n).samples) as Float32Array[];
      expect(maxDeviation(iii as Float32Array, (k) => (ii?.[k] ?? 0) - (i?.[k] ?? 0))).toBeLessThanOrEqual(10);
      expect(maxDeviation(avr as Float32Array, (k) => -((i?.[k] ?? 0) + (ii?.[k] ?? 0)) / 2)).toBeLessThanOrEqual(10);
      const s = stats(ii as Float32Array);
      expect(s.rms).toBeCloseTo(e.ii.rms, 2);
      expect([s.min, s.max]).toEqual([e.ii.min, e.ii.max]);
      expect(r.measurements).toEqual(e.measurements);
      expect(r.statements).toHaveLength(e.statements);
      const beats = countBeats(ii as Float32Array, 500);
      const seconds = e.samples / 500;
      expect(Math.abs(beats - (Number(e.measurements.heartRateBpm) * seconds) / 60)).toBeLessThanOrEqual(1.5);
      const median = r.groups.find((g) => g.kind === 'median');
      if (e.median.samples === 0) {
        expect(median).toBeUndefined();
      } else {
        expect(median?.sampleRateHz).toBe(e.median.rate);
        expect(median?.leads.map((l) => l.name)).toEqual(TWELVE);
        expect(median?.leads.every((l) => l.samples.length === e.median.samples)).toBe(true);
      }
    });
  }

  it('1.03: statements, identifying fields and filters', () => {
    const r = read('sierra_1_03_129DYPRG.XML');
    expect(r.statements[0]).toBe('Sinus bradycardia (rate< 50)');
    expect(r.statements.at(-1)).toBe('- ABNORMAL ECG -');
    expect(r.fields.find((f) => f.key === 'patientId')?.identifying).toBe(true);
    expect(r.filters).toEqual({ highPassHz: 0.05, lowPassHz: 150, notchHz: 60 });
  });

  it('reads UTF-8 bytes behind a UTF-16 declaration (and says so); a flat recording is reported', () => {
    const r = read('seanvelasco_sample_1_04_01.xml');
    expect(r.formatVersion).toBe('PhilipsECG 1.04.01');
    expect(r.warnings.some((w) => w.includes('declares encoding utf-16'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('recorded no ECG signal'))).toBe(true);
    expect(r.statements).toEqual(['- DEFECTIVE ECG -']);
    // Zero means "not measured" for rate and intervals; axes of 0 degrees are kept.
    expect(r.measurements.heartRateBpm).toBeUndefined();
    expect(r.groups[0]?.leads.every((l) => l.samples.length === 5500)).toBe(true);
  });

  it('reads the same document identically as UTF-16 LE without BOM and UTF-16 BE with and without BOM', () => {
    const original = fixture(DIR, 'sierra_1_04_3191723_ZZDEMOPTONLY_orig.xml');
    const text = new TextDecoder('utf-16le').decode(original.subarray(2));
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = Uint8Array.from(le);
    for (let k = 0; k + 1 < be.length; k += 2) [be[k], be[k + 1]] = [be[k + 1] ?? 0, be[k] ?? 0];
    const reference = read('sierra_1_04_3191723_ZZDEMOPTONLY_orig.xml');
    for (const bytes of [le, be, Uint8Array.from([0xfe, 0xff, ...be])]) {
      expect(philipsSierraReader.sniff({ bytes })).toBe(true);
      const r = philipsSierraReader.read({ bytes });
      expect(Array.from(lead(r.groups[0], 'V3').samples)).toEqual(Array.from(lead(reference.groups[0], 'V3').samples));
    }
  });

  it('rejects truncated files and damaged compressed data with coded errors', () => {
    const bytes = fixture(DIR, 'sierra_1_03_129DYPRG.XML');
    expect(() => philipsSierraReader.read({ bytes: bytes.subarray(0, 40_000) })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const text = new TextDecoder().decode(bytes);
    // A chunk header claiming more bytes than the waveform holds.
    const start = text.indexOf('>', text.indexOf('<parsedwaveforms')) + 1;
    const forged = `${text.slice(0, start)}/////wEAAAA=${text.slice(text.indexOf('</parsedwaveforms>'))}`;
    expect(() => philipsSierraReader.read({ bytes: new TextEncoder().encode(forged) })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});
