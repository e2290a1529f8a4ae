/** HL7 aECG header parts: subject fields, effective time, filter control variables, annotations. */
import type { DeviceMeasurements, FilterSettings, RecordField } from '../record';
import { attr, findAll, kid, kids, num, path, textOf, type XmlNode } from '../xml-common/xml-tree';

/** HL7 TS "YYYYMMDDHHMMSS.sss+ZZZZ" (any precision) as ISO 8601; undefined when not a TS. */
export function tsToIso(ts: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d+)?([+-]\d{4})?$/.exec((ts ?? '').trim());
  if (m === null) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}`;
  return zone === undefined ? iso : `${iso}${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** The ECG's effective time: center, else low. */
export function effectiveTime(root: XmlNode): string | undefined {
  const et = kid(root, 'effectiveTime');
  return tsToIso(attr(kid(et, 'center'), 'value') ?? attr(kid(et, 'low'), 'value'));
}

/** Subject and trial fields; names, ids and birth dates are identifying. */
export function aecgFields(root: XmlNode): RecordField[] {
  const fields: RecordField[] = [];
  const add = (key: string, label: string, value: string | undefined, identifying: boolean): void => {
    if (value !== undefined && value.trim() !== '') fields.push({ key, label, value: value.trim(), identifying });
  };
  // The ECG document's own id (its extension, else its root UID) is what a site's label sheet keys it by.
  const ecgId = kid(root, 'id');
  add('accession', 'Accession (ECG id)', attr(ecgId, 'extension') ?? attr(ecgId, 'root'), true);
  const assignment = path(root, 'componentOf', 'timepointEvent', 'componentOf', 'subjectAssignment');
  for (const subject of kids(assignment, 'subject')) {
    const trialSubject = kid(subject, 'trialSubject');
    add('subjectId', 'Subject ID', attr(kid(trialSubject, 'id'), 'extension'), true);
    const person = kid(trialSubject, 'subjectDemographicPerson');
    add('name', 'Name', textOf(kid(person, 'name')) || undefined, true);
    add('birthTime', 'Date of birth', attr(kid(person, 'birthTime'), 'value'), true);
    add('sex', 'Sex', attr(kid(person, 'administrativeGenderCode'), 'code'), false);
    add('patientId', 'Patient ID', textOf(kid(person, 'PatientID')) || undefined, true);
  }
  const trial = path(assignment, 'componentOf', 'clinicalTrial');
  add('trialId', 'Clinical trial', attr(kid(trial, 'id'), 'extension'), false);
  const device = findAll(root, 'manufacturedSeriesDevice', 12)[0];
  add('device', 'Device', textOf(kid(device, 'manufacturerModelName')) || undefined, false);
  return fields;
}

const FILTER_CODES: Readonly<Record<string, keyof FilterSettings>> = {
  MDC_ECG_CTL_VBL_ATTR_FILTER_LOW_PASS: 'lowPassHz',
  MDC_ECG_CTL_VBL_ATTR_FILTER_HIGH_PASS: 'highPassHz',
  MDC_ECG_CTL_VBL_ATTR_FILTER_NOTCH: 'notchHz',
};

/** Filter cutoffs from controlVariable elements (the first rhythm series' settings win). */
export function aecgFilters(scope: XmlNode): FilterSettings {
  const out: FilterSettings = {};
  for (const cv of findAll(scope, 'controlVariable', 6)) {
    const key = FILTER_CODES[attr(kid(cv, 'code'), 'code') ?? ''];
    if (key === undefined || out[key] !== undefined) continue;
    for (const inner of findAll(cv, 'controlVariable', 4)) {
      const code = attr(kid(inner, 'code'), 'code') ?? '';
      if (!/CUTOFF_FREQ|NOTCH_FREQ/.test(code)) continue;
      const value = kid(inner, 'value');
      const hz = num(attr(value, 'value'));
      if (hz !== undefined && hz > 0 && (attr(value, 'unit') ?? 'Hz').toLowerCase() === 'hz') out[key] = hz;
    }
  }
  return out;
}

type NumericMeasurement = Exclude<keyof DeviceMeasurements, 'qtcFormula'>;

const MEASUREMENT_CODES: Readonly<Record<string, NumericMeasurement>> = {
  MDC_ECG_HEART_RATE: 'heartRateBpm',
  MDC_ECG_TIME_PD_PR: 'prMs',
  MDC_ECG_TIME_PD_QRS: 'qrsMs',
  MDC_ECG_TIME_PD_QT: 'qtMs',
  MDC_ECG_TIME_PD_QTC: 'qtcMs',
  MDC_ECG_ANGLE_P_FRONT: 'pAxisDeg',
  MDC_ECG_ANGLE_QRS_FRONT: 'qrsAxisDeg',
  MDC_ECG_ANGLE_T_FRONT: 'tAxisDeg',
};

const STATEMENT_CODES = new Set(['MDC_ECG_INTERPRETATION_STATEMENT', 'MDC_ECG_INTERPRETATION_SUMMARY']);

/**
 * Global measurements and interpretation from annotation sets. Per-beat annotations repeat the same
 * codes deeper in the tree, so for each code the shallowest annotation wins (earlier sets on ties);
 * callers pass the representative-beat sets first because devices put global values there.
 */
export function aecgAnnotations(sets: XmlNode[]): { measurements: DeviceMeasurements; statements: string[] } {
  const best = new Map<NumericMeasurement, { depth: number; value: number }>();
  const statements: string[] = [];
  const visit = (annotation: XmlNode, depth: number): void => {
    if (depth > 12) return;
    const code = (attr(kid(annotation, 'code'), 'code') ?? '').toUpperCase();
    const value = kid(annotation, 'value');
    const key = MEASUREMENT_CODES[code];
    const v = num(attr(value, 'value'));
    // A zero interval means "not measured" in some exports (e.g. QTc 0 with the real value nested below).
    const usable = v !== undefined && (key?.endsWith('Deg') === true || v > 0);
    if (key !== undefined && usable && (best.get(key)?.depth ?? Infinity) > depth) best.set(key, { depth, value: v });
    if (STATEMENT_CODES.has(code) && textOf(value) !== '') statements.push(textOf(value));
    // A rhythm call (coded, e.g. MDC_ECG_RHY_SINUS_RHY) on the whole record reads as a statement too.
    const rhythm = attr(value, 'displayName') ?? attr(value, 'code');
    if (code === 'MDC_ECG_RHY' && depth === 0 && rhythm !== undefined && !statements.includes(rhythm)) statements.push(rhythm);
    for (const comp of kids(annotation, 'component')) for (const a of kids(comp, 'annotation')) visit(a, depth + 1);
  };
  for (const set of sets) for (const comp of kids(set, 'component')) for (const a of kids(comp, 'annotation')) visit(a, 0);
  const measurements: DeviceMeasurements = {};
  for (const [key, { value }] of best) measurements[key] = value;
  return { measurements, statements };
}
