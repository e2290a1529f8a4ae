import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseLeadName, readEcgFile } from '../../../../src-main/core/ecg';
import { ecgFixture } from './fixture-path';

interface PydicomReference {
  groups: { label: string; sampleRateHz: number; channels: { name: string; count: number; indices: number[]; valuesUv: number[]; meanUv: number }[] }[];
}

/** Reference values written by models/tools/fixtures/dicom_reference.py (pydicom 2.3, PS3.3 scaling). */
function reference(name: string): PydicomReference {
  return JSON.parse(readFileSync(ecgFixture('dicom', name.replace(/\.dcm$/, '.pydicom.json')), 'utf8')) as PydicomReference;
}

describe('DICOM corpus files', () => {
  it('reads the Mortara 12-lead file: rhythm and median groups kept apart, measurements, statements', async () => {
    const r = await readEcgFile(ecgFixture('dicom/pydicom_waveform_ecg.dcm'));
    expect(r.format).toBe('dicom');
    expect(r.formatVersion).toBe('12-Lead ECG Waveform Storage');
    expect(r.groups.map((g) => [g.kind, g.label, g.sampleRateHz, g.leads.length, g.leads[0]?.samples.length])).toEqual([
      ['rhythm', 'RHYTHM', 1000, 12, 10000],
      ['median', 'MEDIAN BEAT', 1000, 12, 1200],
    ]);
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(r.groups[0]!.leads.every((l) => !l.derived)).toBe(true);
    expect(r.measurements).toMatchObject({ prMs: 161, qrsMs: 75, qtMs: 368, qtcMs: 370, pAxisDeg: 74, qrsAxisDeg: 52, tAxisDeg: 57 });
    expect(r.measurements.heartRateBpm).toBe(61); // from RR 982 ms
    expect(r.statements).toEqual(['RITMO SINUSALE', 'ECG NORMALE']);
    expect(r.filters).toEqual({ highPassHz: 0.05, lowPassHz: 300 });
    expect(r.acquisitionTime).toBe('2013-01-25T10:59:19');
    const id = r.fields.find((f) => f.key === 'patientId');
    expect(id?.identifying).toBe(true);
    expect(r.fields.find((f) => f.key === 'sex')).toMatchObject({ value: 'F', identifying: true });
    expect(r.warnings).toEqual([]);
  });

  it('reads the GE Marquette ECG stored as Hemodynamic Waveform (mV units, 240 Hz)', async () => {
    const r = await readEcgFile(ecgFixture('dicom/gemarquette_hemodynamic_test_ecg.dcm'));
    expect(r.formatVersion).toBe('Hemodynamic Waveform Storage');
    expect(r.groups).toHaveLength(1);
    const g = r.groups[0]!;
    expect([g.kind, g.sampleRateHz, g.leads.length, g.leads[0]!.samples.length]).toEqual(['rhythm', 240, 12, 2400]);
    expect(r.measurements.heartRateBpm).toBe(69);
    expect(r.filters).toEqual({ highPassHz: 0.05, lowPassHz: 100 });
    expect(r.warnings).toContain('ECG leads read from a Hemodynamic Waveform Storage object');
    expect(r.warnings.some((w) => /240 Hz is below the 500 Hz/.test(w))).toBe(true);
  });

  it.each(['pydicom_waveform_ecg.dcm', 'gemarquette_hemodynamic_test_ecg.dcm'])('matches pydicom sample for sample: %s', async (name) => {
    const r = await readEcgFile(ecgFixture('dicom', name));
    const ref = reference(name);
    expect(r.groups).toHaveLength(ref.groups.length);
    ref.groups.forEach((refGroup, gi) => {
      const group = r.groups[gi]!;
      expect(group.sampleRateHz).toBe(refGroup.sampleRateHz);
      for (const ch of refGroup.channels) {
        const lead = group.leads.find((l) => l.name === normaliseLeadName(ch.name));
        expect(lead, ch.name).toBeDefined();
        expect(lead!.samples.length).toBe(ch.count);
        ch.indices.forEach((index, k) => {
          expect(lead!.samples[index]).toBeCloseTo(ch.valuesUv[k] as number, 2);
        });
        const mean = lead!.samples.reduce((s, v) => s + v, 0) / lead!.samples.length;
        expect(mean).toBeCloseTo(ch.meanUv, 2);
      }
    });
  });
});
