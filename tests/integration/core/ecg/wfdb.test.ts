import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { ecgFixture } from './fixture-path';

/**
 * Expected values come from an independent numpy decoding of the same files (212 unpacking, format 80
 * offset, int16 .mat body after the 24-byte MATLAB header), not from this reader.
 */
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
const lead = (r: EcgRecord, name: string) => {
  const found = r.groups[0]?.leads.find((l) => l.name === name);
  if (!found) throw new Error(`no lead ${name}`);
  return found.samples;
};

describe('WFDB corpus records', () => {
  it('reads MIT-BIH 208 (format 212, MLII kept as MLII, 360 Hz, CRLF header)', async () => {
    const r = await readEcgFile(ecgFixture('wfdb/mitdb_208/208.hea'));
    expect(r.format).toBe('wfdb');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(360);
    expect(g.leads.map((l) => l.name)).toEqual(['MLII', 'V1']);
    expect(lead(r, 'MLII')).toHaveLength(650000);
    expect(mean(lead(r, 'MLII'))).toBeCloseTo(-165.4163, 3);
    expect(mean(lead(r, 'V1'))).toBeCloseTo(55.4863, 3);
    expect(lead(r, 'MLII')[1000]).toBeCloseTo(-360, 4);
    expect(lead(r, 'V1')[1000]).toBeCloseTo(250, 4);
    expect(lead(r, 'MLII')[0]).toBeCloseTo(((1003 - 1024) / 200) * 1000, 4);
    expect(r.warnings.some((w) => /checksum/i.test(w))).toBe(false);
    expect(r.warnings.some((w) => /360 Hz is below/.test(w))).toBe(true);
  });

  it('reads SVDB 800 (format 212, two leads both named ECG, 128 Hz)', async () => {
    const r = await readEcgFile(ecgFixture('wfdb/svdb_800/800.hea'));
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(128);
    expect(g.leads.map((l) => l.name)).toEqual(['ECG', 'ECG (2)']);
    expect(g.leads[0]!.samples).toHaveLength(230400);
    expect(mean(g.leads[0]!.samples)).toBeCloseTo(-37.5243, 3);
    expect(mean(g.leads[1]!.samples)).toBeCloseTo(-87.9497, 3);
    expect(Array.from(g.leads[0]!.samples.slice(0, 3))).toEqual([-505, -495, -545]);
    expect(g.leads[1]!.samples[230399]).toBeCloseTo(-135, 4);
  });

  it('reads MIMIC-III 3000003_0003 (format 80, fractional-looking gains 29 and 24 /mV, base time)', async () => {
    const r = await readEcgFile(ecgFixture('wfdb/mimic3wdb_3000003_0003/3000003_0003.hea'));
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(125);
    expect(g.leads.map((l) => l.name)).toEqual(['II', 'V']);
    expect(g.leads[0]!.samples).toHaveLength(1028);
    expect(mean(lead(r, 'II'))).toBeCloseTo(-115.4233, 3);
    expect(mean(lead(r, 'V'))).toBeCloseTo(178.2182, 3);
    expect(lead(r, 'II')[500]).toBeCloseTo(-172.4138, 3);
  });

  it('reads test01_00s (format 16, 4 channels, gain 100/mV) without inventing lead names', async () => {
    const r = await readEcgFile(ecgFixture('wfdb/test01_00s/test01_00s.hea'));
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    expect(g.leads.map((l) => l.name)).toEqual(['ECG 1', 'ECG 2', 'ECG 3', 'ECG 4']);
    expect(g.leads[0]!.samples).toHaveLength(4000);
    expect(Array.from(g.leads.map((l) => l.samples[0]))).toEqual([100, -80, -570, -660]);
    expect(Array.from(g.leads.map((l) => l.samples[2000]))).toEqual([0, -160, -510, -600]);
    expect(mean(g.leads[1]!.samples)).toBeCloseTo(2.3525, 4);
  });

  it.each([
    ['HR06000', [10, -20, -30, 5, 20, -25, -85, -60, 175, 15, 470, 625], -8.4426, 'Female', '59'],
    ['HR06001', [50, 165, 115, -108, -33, 140, -80, 0, -35, -170, -270, -110], -5.8084, 'Female', '78'],
    ['JS20000', [-34, -63, -29, 49, -5, -49, 44, 44, 44, -200, -229, -171], -0.043, 'Female', '84'],
  ])('reads CinC 2021 %s (.mat v4, 16x1+24, gain 1000/mV)', async (name, first, meanI, sex, age) => {
    const r = await readEcgFile(ecgFixture(`wfdb/cinc2021_${name}/${name}.hea`));
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(g.leads.every((l) => l.samples.length === 5000 && !l.derived)).toBe(true);
    expect(g.leads.map((l) => l.samples[0])).toEqual(first);
    expect(mean(lead(r, 'I'))).toBeCloseTo(meanI, 4);
    expect(r.fields.find((f) => f.key === 'sex')).toMatchObject({ value: sex, identifying: true });
    expect(r.fields.find((f) => f.key === 'age')?.value).toBe(age);
    expect(r.warnings).toEqual([]);
  });

  it('accepts the .mat path next to its header', async () => {
    const r = await readEcgFile(ecgFixture('wfdb/cinc2021_HR06000/HR06000.mat'));
    expect(r.groups[0]!.leads).toHaveLength(12);
  });
});
