import { describe, expect, it } from 'vitest';
import { detectFormat, readEcgBytes } from '../../../../../src-main/core/ecg';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const read = (s: string, hints?: { sampleRateHz?: number; uvPerUnit?: number }) => readEcgBytes({ bytes: bytes(s), ...(hints ? { hints } : {}) });

describe('CSV/TSV reader', () => {
  it('takes the rate from a time column in seconds and units from the header', () => {
    const r = read('time (s),I (mV),II (uV)\n0.000,0.1,50\n0.002,0.2,60\n0.004,-0.1,70\n');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    // I and II recorded: the other limb leads are derived (as for every format).
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF']);
    expect(g.leads.filter((l) => l.derived).map((l) => l.name)).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(Array.from(g.leads[0]!.samples).map((v) => Math.round(v))).toEqual([100, 200, -100]);
    expect(Array.from(g.leads[1]!.samples)).toEqual([50, 60, 70]);
    expect(r.warnings).toEqual(['2 leads stored, 4 derived (III, aVR, aVL, aVF computed from I and II)']);
  });

  it('reads a TSV with a millisecond time column', () => {
    const r = read('ms\tV1_mV\n0\t1\n4\t2\n8\t3\n');
    expect(r.formatVersion).toBe('TSV');
    expect(r.groups[0]!.sampleRateHz).toBe(250);
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1000, 2000, 3000]);
  });

  it('reads semicolon-separated values with decimal commas and a rate line', () => {
    const r = read('Sample rate: 1000 Hz\nUnits: mV\nI;II\n0,5;1,25\n-0,5;0\n');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(1000);
    expect(Array.from(g.leads[0]!.samples)).toEqual([500, -500]);
    expect(Array.from(g.leads[1]!.samples)).toEqual([1250, 0]);
  });

  it('infers microvolts from large amplitudes with a warning, and names headerless columns', () => {
    const r = read('120,-80\n300,40\n', { sampleRateHz: 500 });
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['Channel 1', 'Channel 2']);
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([120, 300]);
    expect(r.warnings.some((w) => /read as microvolts judging by their amplitude/.test(w))).toBe(true);
  });

  it('reads a one-lead export whose preamble names rate, unit and lead (Apple Health style)', () => {
    const r = read('Name,Someone\nRecorded Date,2024-01-02 10:00:00 +0100\nSample Rate,512 hertz\nLead,Lead I\nUnit,µV\n\n-12.5\n30.25\n7\n');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(512);
    expect(g.leads.map((l) => l.name)).toEqual(['I']);
    expect(Array.from(g.leads[0]!.samples)).toEqual([-12.5, 30.25, 7]);
    expect(r.warnings).toEqual([]);
  });

  it('never guesses a sample rate', () => {
    expect(() => read('1,2\n3,4\n5,6\n')).toThrow(expect.objectContaining({ code: 'SAMPLE_RATE_UNKNOWN' }));
  });

  it('does not take XML, prose or binary for CSV', () => {
    expect(detectFormat({ bytes: bytes('<?xml version="1.0"?><a>1,2</a>\n') })).toBeUndefined();
    expect(detectFormat({ bytes: bytes('Dear doctor,\nplease find the ECG attached.\n') })).toBeUndefined();
    expect(detectFormat({ bytes: Uint8Array.from([0, 1, 2, 3, 44, 10, 0]) })).toBeUndefined();
    expect(() => read('hello, world\nfoo, bar\n')).toThrow(expect.objectContaining({ code: 'NOT_AN_ECG' }));
  });

  it('derives III, aVR, aVL, aVF for an 8-lead export', () => {
    const r = read('I,II,V1,V2,V3,V4,V5,V6\n0.1,0.3,0,0,0,0,0,0\n0.2,0.1,0,0,0,0,0,0\n', { sampleRateHz: 500 });
    const names = r.groups[0]!.leads.map((l) => l.name + (l.derived ? '*' : ''));
    expect(names).toEqual(['I', 'II', 'III*', 'aVR*', 'aVL*', 'aVF*', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(r.groups[0]!.leads[2]!.samples[0]).toBeCloseTo(200, 3);
    expect(r.warnings.some((w) => w.startsWith('8 leads stored, 4 derived'))).toBe(true);
  });
});
