/**
 * GE MUSE reader against every corpus file. Independent checks: the per-lead CRC-32 MUSE stores
 * (LeadDataCRC32) is verified by the reader, so a decoded file is byte-exact; the sample counts equal the
 * XML's LeadSampleCountTotal; and a reader-independent beat count on lead II matches the device's
 * QRSCount and ventricular rate.
 */
import { describe, expect, it } from 'vitest';
import { geMuseReader } from '../../../../src-main/core/ecg/ge-muse';
import { countBeats, fixture, lead, stats } from './vendor-reader-helpers';

const DIR = 'ge-muse-xml';
const STORED = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

interface Expected {
  file: string;
  version: string;
  time?: string;
  measurements: Record<string, number>;
  /** Lead II of the rhythm strip: rms and extremes in microvolts. */
  ii: { rms: number; min: number; max: number };
  statements: number;
}

const FILES: Expected[] = [
  { file: 'braveheart_example1.xml', version: '9.0.7.17363', measurements: { heartRateBpm: 48, prMs: 138, qrsMs: 96, qtMs: 452, qtcMs: 403, pAxisDeg: 51, qrsAxisDeg: 20, tAxisDeg: 40 }, ii: { rms: 187.905, min: -351.36, max: 1268.8 }, statements: 0 },
  { file: 'braveheart_example2.xml', version: '9.0.7.17363', measurements: { heartRateBpm: 65, prMs: 184, qrsMs: 100, qtMs: 420, qtcMs: 437, pAxisDeg: 42, qrsAxisDeg: -2, tAxisDeg: 12 }, ii: { rms: 184.579, min: -751.52, max: 1854.4 }, statements: 0 },
  { file: 'braveheart_example3.xml', version: '9.0.7.17363', measurements: { heartRateBpm: 59, prMs: 164, qrsMs: 106, qtMs: 436, qtcMs: 432, pAxisDeg: 44, qrsAxisDeg: 20, tAxisDeg: 14 }, ii: { rms: 144.581, min: -263.52, max: 936.96 }, statements: 0 },
  { file: 'easyrecg_muse_ecg1.xml', version: '9.0.9.18167', time: '2021-05-10T13:15:18', measurements: { heartRateBpm: 60, prMs: 158, qrsMs: 78, qtMs: 364, qtcMs: 364, pAxisDeg: 49, qrsAxisDeg: 54, tAxisDeg: 46 }, ii: { rms: 142.972, min: -136.64, max: 946.72 }, statements: 3 },
  { file: 'easyrecg_muse_ecg2.xml', version: '9.0.9.18167', time: '2021-05-10T13:09:05', measurements: { heartRateBpm: 60, prMs: 158, qrsMs: 80, qtMs: 366, qtcMs: 366, pAxisDeg: 49, qrsAxisDeg: 55, tAxisDeg: 48 }, ii: { rms: 143.131, min: -141.52, max: 946.72 }, statements: 3 },
];

function xmlText(file: string): string {
  return new TextDecoder('latin1').decode(fixture(DIR, file));
}

describe('GE MUSE XML corpus', () => {
  for (const e of FILES) {
    it(`${e.file}: rhythm + median, 8 stored leads at 4.88 uV/bit, measurements`, () => {
      const bytes = fixture(DIR, e.file);
      expect(geMuseReader.sniff({ bytes })).toBe(true);
      const r = geMuseReader.read({ bytes });
      expect(r.format).toBe('ge-muse-xml');
      expect(r.formatVersion).toBe(e.version);
      expect(r.acquisitionTime).toBe(e.time);
      const [rhythm, median] = r.groups;
      expect(rhythm?.kind).toBe('rhythm');
      expect(median?.kind).toBe('median');
      for (const g of [rhythm, median]) {
        expect(g?.sampleRateHz).toBe(500);
        expect(g?.leads.map((l) => l.name)).toEqual(STORED);
      }
      // Counts as the XML declares them (LeadSampleCountTotal), checked independently of the reader.
      const counts = [...xmlText(e.file).matchAll(/<LeadSampleCountTotal>(\d+)</g)].map((m) => Number(m[1]));
      expect(counts).toEqual([...Array<number>(8).fill(600), ...Array<number>(8).fill(5000)]);
      expect(rhythm?.leads.every((l) => l.samples.length === 5000)).toBe(true);
      expect(median?.leads.every((l) => l.samples.length === 600)).toBe(true);
      // Every sample is a multiple of 4.88 uV (int16 x LeadAmplitudeUnitsPerBit).
      const ii = lead(rhythm, 'II').samples;
      expect(ii.every((v) => Math.abs(v / 4.88 - Math.round(v / 4.88)) < 1e-3)).toBe(true);
      const s = stats(ii);
      expect(s.rms).toBeCloseTo(e.ii.rms, 2);
      expect(s.min).toBeCloseTo(e.ii.min, 2);
      expect(s.max).toBeCloseTo(e.ii.max, 2);
      expect(r.measurements).toEqual(e.measurements);
      expect(r.statements).toHaveLength(e.statements);
      expect(r.filters).toEqual({ highPassHz: 0.16, lowPassHz: 150, notchHz: 60 });
      // Independent timing check: beats found in lead II vs the device's QRSCount and rate.
      const qrsCount = Number(/<QRSCount>(\d+)</.exec(xmlText(e.file))?.[1]);
      const beats = countBeats(ii, 500);
      expect(Math.abs(beats - qrsCount)).toBeLessThanOrEqual(1);
      expect(Math.abs(beats - ((e.measurements.heartRateBpm ?? 0) * 10) / 60)).toBeLessThanOrEqual(1.5);
    });
  }

  it('marks demographics as identifying and keeps statements in order', () => {
    const r = geMuseReader.read({ bytes: fixture(DIR, 'easyrecg_muse_ecg1.xml') });
    expect(r.fields.find((f) => f.key === 'PatientID')).toMatchObject({ value: 'JAX01234', identifying: true });
    expect(r.fields.find((f) => f.key === 'PatientLastName')?.identifying).toBe(true);
    expect(r.fields.find((f) => f.key === 'Gender')).toMatchObject({ value: 'MALE', identifying: false });
    expect(r.statements).toEqual(['Statement Text(22)', 'Statement Text(1684)', 'Statement Text(1300)']);
  });

  it('rejects a damaged waveform (checksum), a truncated file and a report without waveforms', () => {
    const text = xmlText('easyrecg_muse_ecg1.xml');
    const at = text.indexOf('<WaveFormData>') + '<WaveFormData>'.length + 40;
    const flipped = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
    expect(() => geMuseReader.read({ bytes: enc(flipped) })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => geMuseReader.read({ bytes: enc(text.slice(0, 90_000)) })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const noWave = text.replace(/<Waveform>[\s\S]*<\/Waveform>/, '');
    expect(() => geMuseReader.read({ bytes: enc(noWave) })).toThrow(expect.objectContaining({ code: 'NO_WAVEFORM' }));
  });
});
