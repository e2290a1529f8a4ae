/**
 * SCP-ECG reader against every corpus file. Independent checks: the contec recording against the CSV the
 * same converter wrote (ADC units x the device's 5 uV), Einthoven's relation on the leads the converter
 * computed, the ECG Toolkit example against its HL7 aECG original (in hl7-aecg.test.ts), beat counts
 * against the device's rate, and the record and section CRCs on damaged copies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scpEcgReader } from '../../../../src-main/core/ecg/scp-ecg';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { countBeats, fixture, FIXTURES, lead, stats } from './vendor-reader-helpers';

const DIR = 'scp-ecg';
const read = (name: string): EcgRecord => scpEcgReader.read({ bytes: fixture(DIR, name) });
function percentile(v: Float32Array, q: number): number {
  const sorted = Float32Array.from(v).sort();
  return sorted[Math.floor((sorted.length - 1) * q)] ?? NaN;
}

const EIGHT = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

interface Abtahi {
  file: string;
  measurements: Record<string, number | string>;
  statements: string[];
  ii: { rms: number; min: number; max: number };
  medianSamples: number;
}

const ABTAHI: Abtahi[] = [
  {
    file: 'abtahi_ECG_20070321_110542_ANON000004.SCP',
    measurements: { prMs: 157, qrsMs: 88, qtMs: 360, pAxisDeg: 29, qrsAxisDeg: 53, tAxisDeg: 56, heartRateBpm: 75, qtcMs: 402, qtcFormula: 'Bazett' },
    statements: ['sinusrytm', 'VK-hypertrofi'],
    ii: { rms: 483.256, min: -937.5, max: 2298.75 },
    medianSamples: 431,
  },
  {
    file: 'abtahi_ECG_20081029_105642_ANON000010.SCP',
    measurements: { qrsMs: 87, qtMs: 357, qrsAxisDeg: 44, tAxisDeg: 57, heartRateBpm: 80, qtcMs: 412, qtcFormula: 'Bazett' },
    statements: ['Warning: artifact in (part of) recording - use interpretation with caution', 'sinus rhythm'],
    ii: { rms: 180.971, min: -345, max: 768.75 },
    medianSamples: 425,
  },
  {
    file: 'abtahi_ECG_20170504_163507_ANON000009.SCP',
    measurements: { prMs: 167, qrsMs: 88, qtMs: 386, pAxisDeg: 48, qrsAxisDeg: 48, tAxisDeg: 49, heartRateBpm: 60, qtcMs: 386, qtcFormula: 'Bazett' },
    statements: ['sinusrytm (långsam)', 'hög P-amplitud'],
    ii: { rms: 173.876, min: -273.75, max: 963.75 },
    medianSamples: 453,
  },
];

describe('SCP-ECG corpus', () => {
  for (const e of ABTAHI) {
    it(`${e.file}: v2.0, default Huffman, first differences, 8 leads @ 600 Hz, sections 7/8`, () => {
      expect(scpEcgReader.sniff({ bytes: fixture(DIR, e.file) })).toBe(true);
      const r = read(e.file);
      expect(r.formatVersion).toBe('SCP-ECG 2.0');
      // The anonymiser wrote the year big-endian (2000 -> 0x07D0): read as 2000, not 53255.
      expect(r.acquisitionTime).toBe('2000-01-01T00:00:00');
      const [rhythm, median] = r.groups;
      expect(rhythm?.sampleRateHz).toBe(600);
      expect(rhythm?.leads.map((l) => l.name)).toEqual(EIGHT);
      expect(rhythm?.leads.every((l) => l.samples.length === 6000)).toBe(true);
      expect(median?.kind).toBe('median');
      expect(median?.leads.every((l) => l.samples.length === e.medianSamples)).toBe(true);
      const ii = lead(rhythm, 'II').samples;
      const s = stats(ii);
      expect(s.rms).toBeCloseTo(e.ii.rms, 2);
      expect([s.min, s.max]).toEqual([e.ii.min, e.ii.max]);
      // 3.75 uV per unit (3750 nV in sections 5 and 6).
      expect(ii.every((v) => Number.isInteger(v / 3.75))).toBe(true);
      expect(r.measurements).toEqual(e.measurements);
      expect(r.statements.slice(0, 2)).toEqual(e.statements);
      expect(r.filters).toEqual({ lowPassHz: 35, notchHz: 50 });
      expect(r.fields.find((f) => f.key === 'device')?.value).toBe('Welch Allyn Cardio Control MDW14');
      const beats = countBeats(ii, 600);
      expect(Math.abs(beats - (Number(e.measurements.heartRateBpm) * 10) / 60)).toBeLessThanOrEqual(1.5);
      // The reference beat and the rhythm strip come from the same heart: similar R amplitude (99th
      // percentile, so one-sample marks in a reference beat do not count).
      const ratio = percentile(lead(median, 'II').samples, 0.99) / percentile(ii, 0.99);
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.5);
    });
  }

  it('ecgtoolkit_Example.scp: 12 leads, second differences, reference beat, global measurements', () => {
    const r = read('ecgtoolkit_Example.scp');
    expect(r.formatVersion).toBe('SCP-ECG 2.0');
    expect(r.acquisitionTime).toBe('2002-11-22T09:10:00');
    const [rhythm, median] = r.groups;
    expect(rhythm?.sampleRateHz).toBe(500);
    expect(rhythm?.leads.map((l) => l.name)).toEqual([...EIGHT, 'III', 'aVR', 'aVL', 'aVF']);
    expect(rhythm?.leads.every((l) => l.samples.length === 5000)).toBe(true);
    expect(median?.leads.every((l) => l.samples.length === 599)).toBe(true);
    expect(r.measurements).toEqual({ prMs: 148, qrsMs: 120, qtMs: 420, qtcMs: 443, pAxisDeg: 44, qrsAxisDeg: -61, tAxisDeg: 86 });
    expect(r.fields.find((f) => f.key === 'lastName')).toMatchObject({ value: 'Clark', identifying: true });
    expect(countBeats(lead(rhythm, 'II').samples, 500)).toBe(12);
  });

  it('contec_demo.scp: v1.3, uncompressed, 8 leads x 10000 @ 1000 Hz, 183 nV per unit', () => {
    const r = read('contec_demo.scp');
    expect(r.formatVersion).toBe('SCP-ECG 1.3');
    expect(r.acquisitionTime).toBe('2004-06-24T16:52:16');
    const g = r.groups[0];
    expect(r.groups).toHaveLength(1);
    expect(g?.sampleRateHz).toBe(1000);
    expect(g?.leads.map((l) => l.name)).toEqual(EIGHT);
    expect(g?.leads.every((l) => l.samples.length === 10000)).toBe(true);
    const ii = lead(g, 'II').samples;
    expect(ii.every((v) => Math.abs(v / 0.183 - Math.round(v / 0.183)) < 1e-3)).toBe(true);
    const s = stats(ii);
    expect(s.rms).toBeCloseTo(209.009, 2);
    expect(s.min).toBeCloseTo(-1433.073, 2);
    expect(countBeats(ii, 1000)).toBe(10);
    expect(r.fields.find((f) => f.key === 'patientId')).toMatchObject({ value: '12-678-QW', identifying: true });
  });

  it('contec_0000050.ECG.scp: matches the CSV export of the same recording (x 5 uV) and Einthoven', () => {
    const r = read('contec_0000050.ECG.scp');
    const g = r.groups[0];
    expect(g?.sampleRateHz).toBe(800);
    expect(g?.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    // The writer's 2-byte length field capped each lead at 32767 of the 37855 samples; reported, not hidden.
    expect(g?.leads.every((l) => l.samples.length === 32767)).toBe(true);
    expect(r.warnings.some((w) => w.includes('32767 of the 37855'))).toBe(true);
    const csv = readFileSync(join(FIXTURES, 'csv', 'contec_0000050.ECG.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(37855);
    for (let c = 0; c < 6; c += 1) {
      const samples = g?.leads[c]?.samples ?? new Float32Array();
      let maxDiff = 0;
      for (let row = 0; row < 32767; row += 1) {
        const adc = Number(csv[row]?.split(',')[c]);
        maxDiff = Math.max(maxDiff, Math.abs((samples[row] ?? NaN) - adc * 5));
      }
      expect(maxDiff, `column ${c}`).toBe(0);
    }
    const [i, ii, iii] = ['I', 'II', 'III'].map((n) => lead(g, n).samples);
    expect((i ?? []).every((v, k) => v + (iii?.[k] ?? 0) === ii?.[k])).toBe(true);
    // Chest electrodes were not connected: flat at exactly zero.
    expect(stats(lead(g, 'V1').samples).rms).toBe(0);
    expect(r.acquisitionTime).toBe('2020-11-16T21:44:39');
  });

  it('healforce_62.SCP: the non-compliant Healforce layout is recognised and decoded, with warnings', () => {
    const bytes = fixture(DIR, 'healforce_62.SCP');
    expect(scpEcgReader.sniff({ bytes })).toBe(true);
    const r = scpEcgReader.read({ bytes });
    expect(r.formatVersion).toContain('Healforce');
    expect(r.acquisitionTime).toBe('2019-08-08T00:04:10');
    const g = r.groups[0];
    expect(g?.sampleRateHz).toBe(150);
    expect(g?.leads.map((l) => l.name)).toEqual(['Channel 1', 'Channel 2', 'Channel 3']);
    expect(g?.leads.every((l) => l.samples.length === 4500)).toBe(true);
    expect(r.warnings).toHaveLength(3);
    // Independent check: the device's own beat markers (bit 15 of the packed words) mark 30 beats in
    // these 30 s; the beat counter finds the same rhythm in the decoded samples.
    const words = new Uint16Array(Uint8Array.from(bytes.subarray(488 + 24, 488 + 24 + 20250)).buffer);
    // Word j carries sample 4 * floor(j / 3) + j % 3 of the interleaved stream (3 leads per frame).
    const frames = new Set<number>();
    words.forEach((w, j) => {
      if ((w & 0x8000) !== 0) frames.add(Math.floor((4 * Math.floor(j / 3) + (j % 3)) / 3));
    });
    const marked = frames.size;
    expect(marked).toBe(30);
    const beats = countBeats(lead(g, 'Channel 3').samples, 150);
    expect(Math.abs(beats - marked)).toBeLessThanOrEqual(2);
  });

  it('rejects truncated and damaged records with TRUNCATED and CORRUPT', () => {
    const bytes = fixture(DIR, 'ecgtoolkit_Example.scp');
    expect(() => scpEcgReader.read({ bytes: bytes.subarray(0, 20_000) })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const flipped = Uint8Array.from(bytes);
    flipped[10_000] = (flipped[10_000] ?? 0) ^ 0x10;
    expect(() => scpEcgReader.read({ bytes: flipped })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(scpEcgReader.sniff({ bytes: fixture('hl7-aecg', 'fda_minimum_aecg.xml') })).toBe(false);
  });
});
