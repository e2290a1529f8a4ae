/** GE MUSE RestingECG header parts: demographics, acquisition time, measurements, statements. */
import type { DeviceMeasurements, RecordField } from '../record';
import { kid, kids, num, textOf, type XmlNode } from '../xml-common/xml-tree';

/** Demographic elements and whether they identify the patient. */
const PATIENT_FIELDS: ReadonlyArray<[string, string, boolean]> = [
  ['PatientID', 'Patient ID', true],
  ['PatientLastName', 'Last name', true],
  ['PatientFirstName', 'First name', true],
  ['DateofBirth', 'Date of birth', true],
  ['PatientAge', 'Age', false],
  ['AgeUnits', 'Age units', false],
  ['Gender', 'Sex', false],
  ['Race', 'Race', false],
  ['HeightIN', 'Height (in)', false],
  ['WeightLBS', 'Weight (lb)', false],
];

const TEST_FIELDS: ReadonlyArray<[string, string, boolean]> = [
  ['AcquisitionDevice', 'Device', false],
  ['AcquisitionSoftwareVersion', 'Acquisition software', false],
  ['SiteName', 'Site', false],
  ['LocationName', 'Location', false],
  ['Status', 'Status', false],
  ['ReferringMDLastName', 'Referring physician', true],
  ['OverreaderLastName', 'Overreader', true],
];

/** Record fields from PatientDemographics and TestDemographics (empty values skipped). */
export function museFields(root: XmlNode): RecordField[] {
  const fields: RecordField[] = [];
  const add = (section: XmlNode | undefined, spec: ReadonlyArray<[string, string, boolean]>): void => {
    for (const [key, label, identifying] of spec) {
      const value = textOf(kid(section, key));
      if (value !== '') fields.push({ key, label, value, identifying });
    }
  };
  add(kid(root, 'PatientDemographics'), PATIENT_FIELDS);
  add(kid(root, 'TestDemographics'), TEST_FIELDS);
  return fields;
}

/** ISO 8601 local time from MUSE "MM-DD-YYYY" + "HH:MM:SS" (no zone in the file). */
export function museAcquisitionTime(root: XmlNode): string | undefined {
  const test = kid(root, 'TestDemographics');
  const date = /^(\d{2})-(\d{2})-(\d{4})$/.exec(textOf(kid(test, 'AcquisitionDate')));
  if (date === null) return undefined;
  const time = /^(\d{2}):(\d{2}):(\d{2})$/.exec(textOf(kid(test, 'AcquisitionTime')));
  const hms = time === null ? '00:00:00' : `${time[1]}:${time[2]}:${time[3]}`;
  return `${date[3]}-${date[1]}-${date[2]}T${hms}`;
}

/** Device measurements from RestingECGMeasurements (ms, bpm, degrees). */
export function museMeasurements(root: XmlNode): DeviceMeasurements {
  const m = kid(root, 'RestingECGMeasurements');
  const get = (name: string): number | undefined => num(textOf(kid(m, name)));
  const out: DeviceMeasurements = {};
  const put = <K extends keyof DeviceMeasurements>(key: K, value: DeviceMeasurements[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('heartRateBpm', get('VentricularRate'));
  put('prMs', get('PRInterval'));
  put('qrsMs', get('QRSDuration'));
  put('qtMs', get('QTInterval'));
  put('qtcMs', get('QTCorrected'));
  put('pAxisDeg', get('PAxis'));
  put('qrsAxisDeg', get('RAxis'));
  put('tAxisDeg', get('TAxis'));
  return out;
}

/**
 * Diagnosis statements: MUSE splits one printed line over several DiagnosisStatement elements and marks
 * the last piece with StmtFlag ENDSLINE, so pieces are joined up to that flag.
 */
export function museStatements(root: XmlNode): string[] {
  const out: string[] = [];
  let line: string[] = [];
  for (const stmt of kids(kid(root, 'Diagnosis'), 'DiagnosisStatement')) {
    const text = textOf(kid(stmt, 'StmtText'));
    if (text !== '') line.push(text);
    const flags = kids(stmt, 'StmtFlag').map(textOf);
    if (flags.includes('ENDSLINE') && line.length > 0) {
      out.push(line.join(' '));
      line = [];
    }
  }
  if (line.length > 0) out.push(line.join(' '));
  return out;
}
