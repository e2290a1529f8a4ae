import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg';
import { isCoreError } from '../../../../src-main/core/errors';
import { ecgFixture } from './fixture-path';

describe('CSV corpus files', () => {
  it('reads the 12-lead CSV with a preamble stating rate and gain (2048 digits/mV)', async () => {
    const r = await readEcgFile(ecgFixture('csv/denismot_ECG_12L.csv'));
    expect(r.format).toBe('csv');
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(500);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(g.leads.every((l) => l.samples.length === 5000)).toBe(true);
    // First data row: 50,-100,-150,25,100,-125,10,-250,...
    expect(g.leads[0]!.samples[0]).toBeCloseTo((50 / 2048) * 1000, 3);
    expect(g.leads[1]!.samples[0]).toBeCloseTo((-100 / 2048) * 1000, 3);
    expect(g.leads[7]!.samples[0]).toBeCloseTo((-250 / 2048) * 1000, 3);
    expect(r.warnings).toEqual([]);
  });

  it.each(['contec_0000050.ECG.csv', 'denismot_e0103.csv'])('refuses to guess the sample rate of %s', async (name) => {
    await expect(readEcgFile(ecgFixture('csv', name))).rejects.toSatisfy((e) => isCoreError(e, 'SAMPLE_RATE_UNKNOWN'));
  });

  it('reads the single-column CSV with a stated rate, inferring millivolts with a warning', async () => {
    const r = await readEcgFile(ecgFixture('csv/denismot_e0103.csv'), { hints: { sampleRateHz: 250 } });
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(250);
    expect(g.leads).toHaveLength(1);
    expect(g.leads[0]!.samples).toHaveLength(30000);
    expect(Array.from(g.leads[0]!.samples.slice(0, 3))).toEqual([455, 460, 450]);
    expect(r.warnings.some((w) => /read as millivolts judging by their amplitude/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /given by the user/.test(w))).toBe(true);
  });

  it('reads the headerless Contec CSV with stated rate and scale; empty V1-V6 columns are left out', async () => {
    const perUnit = 2_000_000 / 65535;
    const r = await readEcgFile(ecgFixture('csv/contec_0000050.ECG.csv'), { hints: { sampleRateHz: 800, uvPerUnit: perUnit } });
    const g = r.groups[0]!;
    expect(g.sampleRateHz).toBe(800);
    expect(g.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF']);
    expect(g.leads[0]!.samples).toHaveLength(37855);
    expect(g.leads[0]!.samples[0]).toBeCloseTo(-20 * perUnit, 3);
    expect(r.warnings.some((w) => w.startsWith('Empty columns left out: V1, V2, V3, V4, V5, V6'))).toBe(true);
    expect(r.warnings.some((w) => /no header row/.test(w))).toBe(true);
  });
});
