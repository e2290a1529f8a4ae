import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { footerFileText, headerContent, patientIdentity, pdfTitle, scaleText } from '../../../../src-main/core/report/header-content';
import { DEFAULT_REPORT_OPTIONS } from '../../../../src-main/core/report/options';
import { recordBase } from '../../../helpers/record-base';

const record: EcgRecord = {
  ...recordBase(),
  format: 'dicom',
  formatVersion: '12-Lead ECG Waveform Storage',
  acquisitionTime: '2024-03-01T08:15:30.250',
  fields: [
    { key: 'patientName', label: 'Patient name', value: 'Иванов Пётр', identifying: true },
    { key: 'patientId', label: 'Patient ID', value: 'MRN-0042', identifying: true },
    { key: 'manufacturer', label: 'Manufacturer', value: 'Acme', identifying: false },
  ],
  measurements: { heartRateBpm: 72, prMs: 160, qrsMs: 94, qtMs: 380, qtcMs: 415, qtcFormula: 'Bazett', pAxisDeg: 40, qrsAxisDeg: 30 },
  statements: ['Sinus rhythm', 'Normal ECG'],
  groups: [{ kind: 'rhythm', sampleRateHz: 250, leads: [{ name: 'I', samples: new Float32Array(2500), derived: false }, { name: 'III', samples: new Float32Array(2500), derived: true }] }],
};
const group = record.groups[0] as EcgRecord['groups'][number];

describe('report header content', () => {
  it('names the patient, the recording, the device measurements and statements', () => {
    const h = headerContent(record, group, DEFAULT_REPORT_OPTIONS, 10, 10);
    expect(h.title).toBe('ECG · Иванов Пётр');
    expect(h.patient).toEqual(['Patient name: Иванов Пётр', 'Patient ID: MRN-0042']);
    expect(h.recording).toContain('Acquired: 2024-03-01 08:15:30');
    expect(h.recording).toContain('Manufacturer: Acme');
    expect(h.recording.join(' ')).toMatch(/Sampled at 250 Hz \(below the 500 Hz of diagnostic ECGs\), 2 leads \(III derived\)/);
    expect(h.measurements).toEqual(['Rate: 72 bpm', 'PR: 160 ms', 'QRS: 94 ms', 'QT: 380 ms', 'QTc (Bazett): 415 ms', 'P-R-T axes: 40 30 -°']);
    expect(h.statements).toEqual(['Sinus rhythm', 'Normal ECG']);
    expect(h.scale).toBe('25 mm/s · 10 mm/mV · 0.05-150 Hz');
    expect(h.page).toBe('3x4 + II rhythm · A4 · 0.0-10.0 s of 10.0 s');
  });

  it('hides every identifying field, the file name and the patient in the PDF title', () => {
    const hidden = { ...DEFAULT_REPORT_OPTIONS, hideIdentifiers: true };
    const h = headerContent(record, group, hidden, 10, 10);
    const all = JSON.stringify(h);
    expect(all).not.toContain('Иванов');
    expect(all).not.toContain('MRN-0042');
    expect(h.patient).toEqual(['Identifiers hidden']);
    expect(h.title).toBe('ECG');
    expect(pdfTitle(record, hidden)).toBe('ECG, 2024-03-01 08:15:30');
    expect(pdfTitle(record, DEFAULT_REPORT_OPTIONS)).toBe('ECG of Иванов Пётр, 2024-03-01 08:15:30');
    expect(footerFileText({ name: 'Ivanov_Petr.dcm', sha256: 'ab'.repeat(32) }, true)).toBe(`File name hidden · SHA-256 ${'ab'.repeat(32)}`);
    expect(footerFileText({ name: 'Ivanov_Petr.dcm', sha256: 'ab'.repeat(32) }, false)).toContain('File: Ivanov_Petr.dcm');
  });

  it('says when the file has no patient, no measurements or an unnamed QTc formula', () => {
    const bare: EcgRecord = { ...record, fields: [], measurements: { qtcMs: 400 }, statements: [], acquisitionTime: undefined };
    const h = headerContent(bare, group, DEFAULT_REPORT_OPTIONS, 10, 10);
    expect(h.patient).toEqual(['The file names no patient.']);
    expect(h.measurements).toEqual(['QTc (formula not stated): 400 ms']);
    expect(h.recording[0]).toBe('Acquired: not stated in the file');
    expect(headerContent({ ...bare, measurements: {} }, group, DEFAULT_REPORT_OPTIONS, 10, 10).measurements).toEqual(['The file has no device measurements.']);
  });

  it('takes names first, then identifiers, for the identity', () => {
    expect(patientIdentity([{ key: 'patientId', label: 'ID', value: 'X1', identifying: true }])).toBe('X1');
    expect(patientIdentity([{ key: 'lastName', label: 'Last', value: 'Doe', identifying: true }, { key: 'firstName', label: 'First', value: 'Jo', identifying: true }])).toBe('Doe Jo');
    expect(patientIdentity([{ key: 'sex', label: 'Sex', value: 'F', identifying: false }])).toBeNull();
  });

  it('labels the display filter as the canvas footer does', () => {
    expect(scaleText({ ...DEFAULT_REPORT_OPTIONS, speedMmPerS: 50, gainMmPerMv: 20, filter: { band: 'monitoring', notchHz: 50 } })).toBe('50 mm/s · 20 mm/mV · 0.5-40 Hz + 50 Hz notch');
  });
});
