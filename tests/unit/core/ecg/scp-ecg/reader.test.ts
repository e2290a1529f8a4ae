/**
 * The SCP-ECG reader on records built in the test: reference-beat subtraction (no corpus file uses it),
 * second differences, header tags, measurements, statements and the unsupported bimodal mode.
 */
import { describe, expect, it } from 'vitest';
import { scpEcgReader } from '../../../../../src-main/core/ecg/scp-ecg';
import { crcCcitt } from '../../../../../src-main/core/ecg/scp-ecg/layout';
import { buildRecord, dataSection, huffmanEncode, leadSection, Writer } from './scp-builder';

function firstDiff(x: number[]): number[] {
  return x.map((v, i) => (i === 0 ? v : v - (x[i - 1] ?? 0)));
}

function secondDiff(x: number[]): number[] {
  return x.map((v, i) => (i < 2 ? v : v - 2 * (x[i - 1] ?? 0) + (x[i - 2] ?? 0)));
}

const N = 40;
const original = [
  Array.from({ length: N }, (_, t) => Math.round(40 * Math.sin(t / 3))),
  Array.from({ length: N }, (_, t) => (t % 7) * 3 - 9),
];
const refBeat = [
  [0, 2, 5, 20, 60, 25, 6, 2, 1, 0],
  [1, 1, 3, 10, 30, 12, 4, 1, 0, 0],
];
// Section 4: reference beat 20 ms (10 samples at 500 Hz), fiducial at sample 5; two QRS of type 0
// and one of type 1 (type 1 beats are not subtracted).
const zones = [
  { type: 0, start: 8, fiducial: 12, end: 17 },
  { type: 1, start: 19, fiducial: 21, end: 23 },
  { type: 0, start: 25, fiducial: 29, end: 34 },
];

function residuals(): number[][] {
  return original.map((lead, k) => {
    const r = [...lead];
    for (const z of zones) {
      if (z.type !== 0) continue;
      for (let t = z.start; t <= z.end; t += 1) r[t - 1] = (r[t - 1] ?? 0) - (refBeat[k]?.[t - z.fiducial + 5 - 1] ?? 0);
    }
    return r;
  });
}

function section4(): number[] {
  const w = new Writer().u16(20).u16(5).u16(zones.length);
  for (const z of zones) w.u16(z.type).u32(z.start).u32(z.fiducial).u32(z.end);
  return w.bytes;
}

function header(): number[] {
  const w = new Writer();
  const tag = (t: number, bytes: number[]): void => void w.u8(t).u16(bytes.length).raw(bytes);
  tag(2, [...new TextEncoder().encode('PID-42'), 0]);
  tag(0, [...new TextEncoder().encode('Doe'), 0]);
  tag(8, [2]);
  tag(25, new Writer().u16(2021).u8(3).u8(4).bytes);
  tag(26, [13, 5, 9]);
  tag(27, new Writer().u16(5).bytes); // 0.05 Hz
  tag(28, new Writer().u16(150).bytes);
  tag(29, [1]); // 60 Hz notch
  w.u8(255).u16(0);
  return w.bytes;
}

function record(opts: { bimodal?: boolean } = {}): Uint8Array {
  const rhythm = residuals().map((r) => huffmanEncode(secondDiff(r)));
  const ref = refBeat.map((r) => huffmanEncode(firstDiff(r)));
  const s6 = dataSection(5000, 2000, 2, rhythm);
  if (opts.bimodal === true) s6[5] = 1;
  const s7 = new Writer().u8(1).u8(0).u16(800).u16(800).u16(100).u16(160).u16(200).u16(280).u16(600).u16(40).u16(65536 - 30).u16(50).u16(0).u16(75).u16(80).u16(430).u8(1).bytes;
  const statement = [...new TextEncoder().encode('Sinus rhythm'), 0];
  const s8 = new Writer().u8(0).u16(2021).u8(3).u8(4).u8(13).u8(5).u8(9).u8(1).u8(1).u16(statement.length).raw(statement).bytes;
  return buildRecord(
    new Map([
      [1, header()],
      [2, new Writer().u16(19999).bytes],
      [3, leadSection([1, 2], N, true)],
      [4, section4()],
      [5, dataSection(5000, 2000, 1, ref)],
      [6, s6],
      [7, s7],
      [8, s8],
    ]),
  );
}

describe('SCP-ECG reader on built records', () => {
  it('adds the reference beat back into the subtraction zones of type-0 beats', () => {
    const bytes = record();
    expect(scpEcgReader.sniff({ bytes })).toBe(true);
    const r = scpEcgReader.read({ bytes });
    const [rhythm, median] = r.groups;
    expect(rhythm?.sampleRateHz).toBe(500);
    expect(rhythm?.leads.map((l) => l.name)).toEqual(['I', 'II']);
    for (const k of [0, 1]) {
      expect(Array.from(rhythm?.leads[k]?.samples ?? [])).toEqual((original[k] ?? []).map((v) => v * 5));
      expect(Array.from(median?.leads[k]?.samples ?? [])).toEqual((refBeat[k] ?? []).map((v) => v * 5));
    }
  });

  it('reads header tags, global measurements and statements', () => {
    const r = scpEcgReader.read({ bytes: record() });
    expect(r.formatVersion).toBe('SCP-ECG 2.0');
    expect(r.acquisitionTime).toBe('2021-03-04T13:05:09');
    expect(r.fields).toEqual([
      { key: 'patientId', label: 'Patient ID', value: 'PID-42', identifying: true },
      { key: 'lastName', label: 'Last name', value: 'Doe', identifying: true },
      { key: 'sex', label: 'Sex', value: 'Female', identifying: false },
    ]);
    expect(r.filters).toEqual({ highPassHz: 0.05, lowPassHz: 150, notchHz: 60 });
    expect(r.measurements).toEqual({ prMs: 100, qrsMs: 80, qtMs: 400, pAxisDeg: 40, qrsAxisDeg: -30, tAxisDeg: 50, heartRateBpm: 75, qtcMs: 430, qtcFormula: 'Bazett' });
    expect(r.statements).toEqual(['Sinus rhythm']);
  });

  it('rejects bimodal compression clearly', () => {
    expect(() => scpEcgReader.read({ bytes: record({ bimodal: true }) })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });

  it('reads a record whose one section CRC was written wrong when the record CRC holds, and says so', () => {
    const bytes = Uint8Array.from(record());
    // Section 1 starts right after section 0 (6 + its length); break its CRC, then re-seal the record.
    const s1 = 6 + new DataView(bytes.buffer).getUint32(10, true);
    bytes[s1] = (bytes[s1] ?? 0) ^ 0xff;
    const crc = crcCcitt(bytes, 2, bytes.length);
    bytes[0] = crc & 0xff;
    bytes[1] = crc >> 8;
    const r = scpEcgReader.read({ bytes });
    expect(r.warnings.some((w) => w.includes('section 1 carries a wrong checksum'))).toBe(true);
    expect(r.groups[0]?.leads).toHaveLength(2);
  });

  it('checks the record length and the CRCs', () => {
    const bytes = record();
    expect(() => scpEcgReader.read({ bytes: bytes.subarray(0, bytes.length - 1) })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const bad = Uint8Array.from(bytes);
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 1;
    expect(() => scpEcgReader.read({ bytes: bad })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});
