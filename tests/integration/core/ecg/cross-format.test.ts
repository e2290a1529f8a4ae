import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { ecgFixture } from './fixture-path';

/**
 * One Contec ECG90A recording (0000050) exported by ecg-contec to CSV (integer ADC digits), SCP-ECG
 * (5000 nV per digit, the device's amplitude per ecg_contec.py ECG90A_AMPL_NANOVOLT; at most 32767
 * samples per lead because of a 16-bit byte counter) and EDF (the writer states a -1000..+1000 mV
 * physical range for the full int16 digital range, i.e. 30.52 uV per digit, 6.1x the device's 5 uV).
 * The same digits must come out of every reader; the microvolts agree wherever the files agree on scale.
 */
const LIMB = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'];
const DEVICE_UV_PER_DIGIT = 5;
const EDF_UV_PER_DIGIT = 2_000_000 / 65535;
const EDF_OFFSET_UV = (32768 * 2_000_000) / 65535 - 1_000_000; // pmin + (0 - dmin) x scale

function leadOf(r: EcgRecord, name: string): Float32Array {
  const lead = r.groups[0]?.leads.find((l) => l.name === name);
  if (!lead) throw new Error(`lead ${name} missing`);
  return lead.samples;
}

describe('the same ECG in CSV, SCP-ECG and EDF', () => {
  const csvPromise = readEcgFile(ecgFixture('csv/contec_0000050.ECG.csv'), { hints: { sampleRateHz: 800, uvPerUnit: DEVICE_UV_PER_DIGIT } });

  it('CSV at the device scale and SCP-ECG decode to identical microvolts', async () => {
    const [csv, scp] = await Promise.all([csvPromise, readEcgFile(ecgFixture('scp-ecg/contec_0000050.ECG.scp'))]);
    expect(scp.groups[0]!.sampleRateHz).toBe(800);
    for (const name of LIMB) {
      const a = leadOf(csv, name);
      const b = leadOf(scp, name);
      expect(b.length).toBe(32767);
      let worst = 0;
      for (let i = 0; i < b.length; i += 1) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
      expect(worst, name).toBeLessThanOrEqual(1e-3);
    }
  });

  it('EDF holds the same digits; its microvolts follow its own header scale within one quantisation step', async () => {
    const [csv, edf] = await Promise.all([csvPromise, readEcgFile(ecgFixture('edf/contec_0000050.ECG.edf'))]);
    expect(edf.groups[0]!.sampleRateHz).toBe(800);
    for (const name of LIMB) {
      const digits = leadOf(csv, name);
      const e = leadOf(edf, name);
      expect(e.length).toBe(digits.length);
      let worst = 0;
      for (let i = 0; i < e.length; i += 1) {
        const expected = ((digits[i] as number) / DEVICE_UV_PER_DIGIT) * EDF_UV_PER_DIGIT + EDF_OFFSET_UV;
        worst = Math.max(worst, Math.abs((e[i] as number) - expected));
      }
      expect(worst, name).toBeLessThan(EDF_UV_PER_DIGIT / 100);
    }
    // The EDF writer's scale is not the device's: documented here so a change in either reader shows up.
    expect(EDF_UV_PER_DIGIT / DEVICE_UV_PER_DIGIT).toBeCloseTo(6.1036, 3);
  });

  it('all three agree on lead III = II - I to the digit', async () => {
    const [csv, scp, edf] = await Promise.all([
      csvPromise,
      readEcgFile(ecgFixture('scp-ecg/contec_0000050.ECG.scp')),
      readEcgFile(ecgFixture('edf/contec_0000050.ECG.edf')),
    ]);
    for (const [r, step] of [[csv, DEVICE_UV_PER_DIGIT], [scp, DEVICE_UV_PER_DIGIT], [edf, EDF_UV_PER_DIGIT]] as const) {
      const i = leadOf(r, 'I');
      const ii = leadOf(r, 'II');
      const iii = leadOf(r, 'III');
      let off = 0;
      for (let k = 0; k < 5000; k += 1) if (Math.abs((ii[k] as number) - (i[k] as number) - (iii[k] as number)) > 1.01 * step) off += 1;
      expect(off).toBe(0);
    }
  });
});
