/** Philips Sierra header parts: patient fields, acquisition time, filters, measurements, statements. */
import type { DeviceMeasurements, FilterSettings, RecordField } from '../record';
import { attr, kid, kids, num, path, textOf, type XmlNode } from '../xml-common/xml-tree';

/** Patient fields; ids, names and birth date are identifying. */
export function sierraFields(root: XmlNode): RecordField[] {
  const fields: RecordField[] = [];
  const add = (key: string, label: string, value: string, identifying: boolean): void => {
    if (value.trim() !== '') fields.push({ key, label, value: value.trim(), identifying });
  };
  const p = path(root, 'patient', 'generalpatientdata');
  add('patientId', 'Patient ID', textOf(kid(p, 'patientid')), true);
  add('mrn', 'MRN', textOf(kid(p, 'MRN')), true);
  add('lastName', 'Last name', textOf(path(p, 'name', 'lastname')), true);
  add('firstName', 'First name', textOf(path(p, 'name', 'firstname')), true);
  add('dateOfBirth', 'Date of birth', textOf(path(p, 'age', 'dateofbirth')), true);
  add('ageYears', 'Age (years)', textOf(path(p, 'age', 'years')), false);
  add('sex', 'Sex', textOf(kid(p, 'sex')), false);
  const machine = path(root, 'dataacquisition', 'machine');
  add('device', 'Device', [textOf(machine), attr(machine, 'detaildescription') ?? ''].filter((s) => s !== '').join(' '), false);
  return fields;
}

/** ISO 8601 local time from dataacquisition date="YYYY-MM-DD" time="HH:MM:SS". */
export function sierraAcquisitionTime(root: XmlNode): string | undefined {
  const acq = kid(root, 'dataacquisition');
  const date = attr(acq, 'date') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const time = attr(acq, 'time') ?? '';
  return `${date}T${/^\d{2}:\d{2}:\d{2}$/.test(time) ? time : '00:00:00'}`;
}

/** Acquisition filters: parsedwaveforms attributes (1.04+), else signalbandwidth "0.05-150" (1.03). */
export function sierraFilters(root: XmlNode): FilterSettings {
  const out: FilterSettings = {};
  const pw = path(root, 'waveforms', 'parsedwaveforms');
  const sig = path(root, 'dataacquisition', 'signalcharacteristics');
  const band = /^\s*([\d.]+)\s*-\s*([\d.]+)\s*$/.exec(textOf(kid(sig, 'signalbandwidth')));
  const hp = num(attr(pw, 'hipass')) ?? num(textOf(kid(sig, 'hipass'))) ?? num(band?.[1]);
  const lp = num(attr(pw, 'lowpass')) ?? num(textOf(kid(sig, 'lowpass'))) ?? num(band?.[2]);
  if (hp !== undefined && hp > 0) out.highPassHz = hp;
  if (lp !== undefined && lp > 0) out.lowPassHz = lp;
  const notchOn = (attr(pw, 'notchfiltered') ?? textOf(kid(sig, 'notchfiltered'))) === 'True' || attr(pw, 'filterflag') === 'True';
  const notch = num(attr(pw, 'notchfilterfreqs')) ?? num(textOf(path(root, 'reportinfo', 'reportbandwidth', 'notchfiltersetting')));
  if (notchOn && notch !== undefined && notch > 0) out.notchHz = notch;
  return out;
}

function interpretation(root: XmlNode): XmlNode | undefined {
  return path(root, 'interpretations', 'interpretation');
}

/** Device measurements: 1.04 interpretation/globalmeasurements, 1.03 interpretationmeasurements. */
export function sierraMeasurements(root: XmlNode): DeviceMeasurements {
  const interp = interpretation(root);
  const g = kid(interp, 'globalmeasurements') ?? kid(interp, 'interpretationmeasurements');
  const get = (...names: string[]): number | undefined => {
    for (const n of names) {
      const v = num(textOf(kid(g, n)));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const out: DeviceMeasurements = {};
  const set = (key: Exclude<keyof DeviceMeasurements, 'qtcFormula'>, v: number | undefined): void => {
    // Devices write 0 for "not measured" (e.g. a defective recording); an axis of 0 degrees is real.
    if (v !== undefined && (v !== 0 || key.endsWith('Deg'))) out[key] = v;
  };
  set('heartRateBpm', get('heartrate'));
  set('prMs', get('print', 'meanprint'));
  set('qrsMs', get('qrsdur', 'meanqrsdur'));
  set('qtMs', get('qtint', 'meanqtint'));
  const bazett = get('qtcb');
  set('qtcMs', bazett ?? get('meanqtc', 'qtc'));
  if (bazett !== undefined && out.qtcMs !== undefined) out.qtcFormula = 'Bazett';
  set('pAxisDeg', get('pfrontaxis'));
  set('qrsAxisDeg', get('qrsfrontaxis'));
  set('tAxisDeg', get('tfrontaxis'));
  return out;
}

/** Interpretation statements "left (right)" in file order, then the severity line. */
export function sierraStatements(root: XmlNode): string[] {
  const interp = interpretation(root);
  const out: string[] = [];
  for (const st of kids(interp, 'statement')) {
    const left = textOf(kid(st, 'leftstatement'));
    const right = textOf(kid(st, 'rightstatement'));
    if (left !== '') out.push(right !== '' ? `${left} (${right})` : left);
  }
  const severity = textOf(kid(interp, 'severity'));
  if (severity !== '') out.push(severity);
  return out;
}
