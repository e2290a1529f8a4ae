import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../../src-main/core/ecg';

interface Sig {
  label: string;
  dim: string;
  pmin: number;
  pmax: number;
  dmin: number;
  dmax: number;
  spr: number;
  prefilter?: string;
}

const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n);

/** Builds an EDF/BDF file: header fields as the spec lays them out, then records of little-endian samples. */
function edf(signals: Sig[], records: number[][][], opts: { bdf?: boolean; reserved?: string; duration?: number; recordCount?: number } = {}): Uint8Array {
  const ns = signals.length;
  let h = (opts.bdf ? '\xffBIOSEMI' : pad('0', 8)) + pad('X X X X', 80) + pad('Startdate 01-JAN-2024 X X X', 80) + '01.01.2412.00.00';
  h += pad(String(256 * (ns + 1)), 8) + pad(opts.reserved ?? '', 44) + pad(String(opts.recordCount ?? records.length), 8);
  h += pad(String(opts.duration ?? 1), 8) + pad(String(ns), 4);
  const col = (f: (s: Sig) => string, w: number) => signals.map((s) => pad(f(s), w)).join('');
  h += col((s) => s.label, 16) + col(() => '', 80) + col((s) => s.dim, 8) + col((s) => String(s.pmin), 8) + col((s) => String(s.pmax), 8);
  h += col((s) => String(s.dmin), 8) + col((s) => String(s.dmax), 8) + col((s) => s.prefilter ?? '', 80) + col((s) => String(s.spr), 8) + col(() => '', 32);
  const bytes: number[] = Array.from(Buffer.from(h, 'latin1'));
  const width = opts.bdf ? 3 : 2;
  for (const rec of records) for (const sig of rec) for (const v of sig) for (let b = 0; b < width; b += 1) bytes.push((v >> (8 * b)) & 0xff);
  return Uint8Array.from(bytes);
}

const lead = (label: string, spr = 2): Sig => ({ label, dim: 'uV', pmin: -3200, pmax: 3200, dmin: -32000, dmax: 32000, spr });

describe('EDF reader', () => {
  it('scales digital to physical and converts mV to uV; reads filters and rate', () => {
    const s: Sig = { label: 'ECG II', dim: 'mV', pmin: -5, pmax: 5, dmin: -2048, dmax: 2047, spr: 2, prefilter: 'HP:0.05Hz LP:150Hz N:50Hz' };
    const r = readEcgBytes({ bytes: edf([s], [[[-2048, 2047]], [[0, 1]]], { duration: 0.004 }) });
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    expect(g.leads[0]!.name).toBe('II');
    const v = Array.from(g.leads[0]!.samples);
    expect(v[0]).toBeCloseTo(-5000, 3);
    expect(v[1]).toBeCloseTo(5000, 3);
    expect(v[2]).toBeCloseTo(((2048 * 10) / 4095 - 5) * 1000, 2);
    expect(r.filters).toEqual({ highPassHz: 0.05, lowPassHz: 150, notchHz: 50 });
  });

  it('reads 24-bit BDF samples', () => {
    // The full 24-bit range mapped onto +-4 mV (a plausible ECG range), so sign extension shows in the values.
    const s: Sig = { label: 'ECG', dim: 'uV', pmin: -4096, pmax: 4096, dmin: -8388608, dmax: 8388607, spr: 3 };
    const r = readEcgBytes({ bytes: edf([s], [[[-8388608, -1, 8388607]]], { bdf: true, duration: 0.01 }) });
    expect(r.formatVersion).toBe('BDF');
    const [lo, mid, hi] = Array.from(r.groups[0]!.leads[0]!.samples);
    expect(lo).toBeCloseTo(-4096, 3);
    expect(mid).toBeCloseTo(0, 3);
    expect(hi).toBeCloseTo(4096, 3);
  });

  it('leaves out non-ECG channels and annotations, splits different rates into groups', () => {
    const resp: Sig = { label: 'Resp', dim: 'Ohm', pmin: 0, pmax: 1, dmin: 0, dmax: 1, spr: 2 };
    const ann: Sig = { label: 'EDF Annotations', dim: '', pmin: -1, pmax: 1, dmin: -32768, dmax: 32767, spr: 2 };
    const r = readEcgBytes({ bytes: edf([lead('I'), lead('V1', 1), resp, ann], [[[10, 20], [30], [0, 0], [0, 0]]], { reserved: 'EDF+C', duration: 0.004 }) });
    expect(r.groups.map((g) => [g.sampleRateHz, g.leads.map((l) => l.name)])).toEqual([
      [500, ['I']],
      [250, ['V1']],
    ]);
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1, 2]);
    expect(r.warnings).toContain('Non-ECG channels left out: Resp');
  });

  it('reads EDF+D with a warning about gaps', () => {
    const r = readEcgBytes({ bytes: edf([lead('I')], [[[1, 2]]], { reserved: 'EDF+D', duration: 0.004 }) });
    expect(r.warnings.some((w) => /Discontinuous/.test(w))).toBe(true);
  });

  it('accepts an unknown record count (-1) by counting records', () => {
    const r = readEcgBytes({ bytes: edf([lead('I')], [[[1, 2]], [[3, 4]]], { recordCount: -1, duration: 0.004 }) });
    expect(r.groups[0]!.leads[0]!.samples).toHaveLength(4);
  });

  it.each([
    ['annotation-only', edf([{ label: 'EDF Annotations', dim: '', pmin: -1, pmax: 1, dmin: -32768, dmax: 32767, spr: 2 }], [[[0, 0]]]), 'NO_WAVEFORM'],
    ['no ECG channel', edf([{ label: 'EEG Fz', dim: 'uV', pmin: -1, pmax: 1, dmin: -1, dmax: 1, spr: 1 }], [[[0]]]), 'NO_WAVEFORM'],
    ['truncated records', edf([lead('I')], [[[1, 2]], [[3, 4]]], { recordCount: 5 }), 'TRUNCATED'],
    ['zero record duration', edf([lead('I')], [[[1, 2]]], { duration: 0 }), 'CORRUPT'],
    // A record duration of 1e-6 s makes one sample per record a 1 MHz signal: a damaged header (issue 11).
    ['a record duration giving 1 MHz', edf([lead('I', 1)], [[[1]]], { duration: 0.000001 }), 'IMPLAUSIBLE_SAMPLE_RATE'],
    ['a record duration giving 0.01 Hz', edf([lead('I', 1)], [[[1]]], { duration: 100 }), 'IMPLAUSIBLE_SAMPLE_RATE'],
  ])('rejects %s', (_name, bytes, code) => {
    expect(() => readEcgBytes({ bytes })).toThrow(expect.objectContaining({ code }));
  });

  it('rejects a header whose size does not match its signal count', () => {
    const bytes = edf([lead('I')], [[[1, 2]]]);
    bytes.set(Buffer.from('9999    ', 'latin1'), 184);
    expect(() => readEcgBytes({ bytes })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});
