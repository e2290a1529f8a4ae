import { describe, expect, it } from 'vitest';
import { finishRecord, readEcgBytes } from '../../../../src-main/core/ecg';
import { MAX_AMPLITUDE_UV, MAX_DURATION_S } from '../../../../src-main/core/ecg/plausibility';
import type { EcgRecord, Lead, WaveformGroup } from '../../../../src-main/core/ecg/record';
import { aecgIncrement, aecgScaled, aecgWithDigit } from '../../../helpers/hostile';
import { recordBase } from '../../../helpers/record-base';

/**
 * Plausibility of decoded signals (issue 11, part 2): a reader decodes what a damaged header says, and the
 * record model then carries a coded refusal or an unusable-lead warning, never an absurd ECG shown as normal.
 */
const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const lead = (name: string, n: number, value = 100): Lead => ({ name, samples: new Float32Array(n).fill(value), derived: false });
const record = (...groups: WaveformGroup[]): EcgRecord => ({ ...recordBase(), groups });
const rhythm = (fs: number, leads: Lead[]): WaveformGroup => ({ kind: 'rhythm', sampleRateHz: fs, leads });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('sample rate: 25-20,000 Hz or IMPLAUSIBLE_SAMPLE_RATE', () => {
  it.each([1e-9, 1, 24.9, 20_001, 1e6])('refuses %s Hz', (fs) => {
    expect(codeOf(() => finishRecord(record(rhythm(fs, [lead('II', 10)]))))).toBe('IMPLAUSIBLE_SAMPLE_RATE');
  });
  it.each([25, 128, 500, 20_000])('accepts %s Hz', (fs) => {
    expect(finishRecord(record(rhythm(fs, [lead('II', 10)]))).groups[0]?.sampleRateHz).toBe(fs);
  });
  it('a WFDB header stating 1e-9 Hz is refused, not shown as "0 Hz, 5e12 s"; so is an aECG at 0.01 Hz', () => {
    const hea = new TextEncoder().encode('r 1 0.000000001 2\nr.dat 16 1/uV 16 0 0 0 0 I\n');
    expect(codeOf(() => readEcgBytes({ bytes: hea, readSibling: () => Uint8Array.from([1, 0, 2, 0]) }))).toBe('IMPLAUSIBLE_SAMPLE_RATE');
    expect(codeOf(() => readEcgBytes({ bytes: aecgIncrement('100') }))).toBe('IMPLAUSIBLE_SAMPLE_RATE');
  });
});

describe('amplitude: beyond +-50 mV the lead is unusable', () => {
  it('marks the one absurd lead unusable (NaN samples, a warning) and keeps the sane ones', () => {
    const leads = TWELVE.map((n) => lead(n, 500));
    (leads[7] as Lead).samples[3] = 5e11;
    const r = finishRecord(record(rhythm(500, leads)));
    const v2 = r.groups[0]?.leads.find((l) => l.name === 'V2');
    expect(v2?.unusable).toMatch(/beyond the ±50 mV/);
    expect(v2?.samples.every((v) => Number.isNaN(v))).toBe(true);
    expect(r.groups[0]?.leads.filter((l) => l.unusable !== undefined).map((l) => l.name)).toEqual(['V2']);
    expect(r.warnings.some((w) => w.startsWith('Lead V2 is unusable'))).toBe(true);
  });
  it('a lead at exactly 50 mV is kept; non-finite samples make a lead unusable', () => {
    const r = finishRecord(record(rhythm(500, [lead('I', 10, MAX_AMPLITUDE_UV), lead('II', 10, -MAX_AMPLITUDE_UV), lead('V1', 10, Number.POSITIVE_INFINITY)])));
    const byName = (n: string) => r.groups[0]?.leads.find((l) => l.name === n);
    expect([byName('I')?.unusable, byName('II')?.unusable]).toEqual([undefined, undefined]);
    expect(byName('V1')?.unusable).toMatch(/not numbers/);
  });
  it('leads derived from an absurd lead are unusable too', () => {
    const leads = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((n) => lead(n, 100));
    (leads[0] as Lead).samples[50] = 1e9;
    const r = finishRecord(record(rhythm(500, leads)));
    const unusable = r.groups[0]?.leads.filter((l) => l.unusable !== undefined).map((l) => l.name);
    expect(unusable).toEqual(['I', 'III', 'aVR', 'aVL', 'aVF']);
  });
  it('refuses with IMPLAUSIBLE_SIGNAL when no lead of the rhythm is plausible; drops a median beat that has none', () => {
    expect(codeOf(() => finishRecord(record(rhythm(500, [lead('I', 10, 1e7), lead('II', 10, Number.NaN)]))))).toBe('IMPLAUSIBLE_SIGNAL');
    const r = finishRecord(record(rhythm(500, [lead('II', 10)]), { kind: 'median', sampleRateHz: 500, leads: [lead('II', 10, 9e9)] }));
    expect(r.groups.map((g) => g.kind)).toEqual(['rhythm']);
    expect(r.warnings).toContain('A waveform group with no plausible lead was left out.');
  });
  it('the 1e30 aECG reads with lead I unusable; the same file scaled x1e6 is refused', () => {
    const r = readEcgBytes({ bytes: aecgWithDigit('1e30') });
    const rh = r.groups.find((g) => g.kind === 'rhythm');
    expect(rh?.leads.find((l) => l.name === 'I')?.unusable).toMatch(/e\+\d+ mV/);
    expect(rh?.leads.filter((l) => l.unusable === undefined && !l.derived).length).toBe(11);
    expect(codeOf(() => readEcgBytes({ bytes: aecgScaled(1e6) }))).toBe('IMPLAUSIBLE_SIGNAL');
  });
});

describe('duration: longer than 24 h is cut to the first 24 h with a warning', () => {
  it('keeps the first 24 h of a 25 h recording', () => {
    const fs = 25;
    const r = finishRecord(record(rhythm(fs, [lead('II', 25 * 3600 * fs)])));
    expect(r.groups[0]?.leads[0]?.samples.length).toBe(MAX_DURATION_S * fs);
    expect(r.warnings.some((w) => /lasts 25\.0 h; only its first 24 h are read/.test(w))).toBe(true);
  });
  it('leaves a 24 h recording alone', () => {
    const r = finishRecord(record(rhythm(25, [lead('II', MAX_DURATION_S * 25)])));
    expect(r.warnings.some((w) => /only its first/.test(w))).toBe(false);
  });
});
