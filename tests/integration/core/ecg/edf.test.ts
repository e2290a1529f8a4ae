import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg';
import { ecgFixture } from './fixture-path';

/** Expected values from an independent numpy decoding: (d - dmin) x (pmax - pmin)/(dmax - dmin) + pmin. */
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

describe('EDF corpus files', () => {
  it('reads the Contec 12-lead EDF (one-sample data records, 800 Hz, mV)', async () => {
    const r = await readEcgFile(ecgFixture('edf/contec_0000050.ECG.edf'));
    expect(r.format).toBe('edf');
    expect(r.formatVersion).toBe('EDF');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(800);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(g.leads.every((l) => l.samples.length === 37855 && !l.derived)).toBe(true);
    const first = [-595.1019, -747.6921, -137.3312, 717.174, -198.3673, -442.5116];
    first.forEach((v, i) => expect(g.leads[i]!.samples[0]).toBeCloseTo(v, 2));
    expect(mean(g.leads[0]!.samples)).toBeCloseTo(115.6924, 2);
    expect(mean(g.leads[5]!.samples)).toBeCloseTo(30.5064, 2);
    expect(r.acquisitionTime).toBe('2020-11-16T21:44:39');
  });

  it('reads only the ECG channel of the EDF+C test generator file and says what it left out', async () => {
    const r = await readEcgFile(ecgFixture('edf/wfdb_test_generator_2.edf'));
    expect(r.formatVersion).toBe('EDF+C');
    expect(r.groups).toHaveLength(1);
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(200);
    expect(g.leads.map((l) => l.name)).toEqual(['ECG']);
    expect(g.leads[0]!.samples).toHaveLength(120000);
    expect(g.leads[0]!.samples[1234]).toBeCloseTo(-2.36515, 3);
    expect(Math.max(...g.leads[0]!.samples)).toBeCloseTo(61.4786, 3);
    expect(r.warnings.some((w) => w.startsWith('Non-ECG channels left out: squarewave, ramp'))).toBe(true);
    expect(r.acquisitionTime).toBe('2009-12-10T12:44:02');
  });
});
