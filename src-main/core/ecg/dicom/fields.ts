/** Patient and acquisition fields of a DICOM waveform object. */
import type { DataSet } from 'dicom-parser';
import type { RecordField } from '../record';
import { TAG } from './tags';

function text(ds: DataSet, tag: string): string | undefined {
  try {
    const v = ds.string(tag)?.replace(/\0/g, '').trim();
    return v === undefined || v === '' ? undefined : v;
  } catch {
    return undefined;
  }
}

/** Patient fields (all identifying) and device fields (not identifying). */
export function readFields(ds: DataSet): RecordField[] {
  const fields: RecordField[] = [];
  const add = (key: string, label: string, tag: string, identifying: boolean, map?: (v: string) => string) => {
    const v = text(ds, tag);
    if (v !== undefined) fields.push({ key, label, value: map ? map(v) : v, identifying });
  };
  add('patientName', 'Patient name', TAG.patientName, true, (v) => v.replace(/\^+/g, ' ').trim());
  add('patientId', 'Patient ID', TAG.patientId, true);
  // The order's accession number: what label sheets are keyed by (it identifies the patient's visit).
  add('accession', 'Accession number', TAG.accessionNumber, true);
  add('birthDate', 'Birth date', TAG.birthDate, true, (v) => isoDate(v) ?? v);
  add('sex', 'Sex', TAG.sex, true);
  add('age', 'Age', TAG.age, true);
  add('manufacturer', 'Manufacturer', TAG.manufacturer, false);
  add('model', 'Device model', TAG.modelName, false);
  return fields;
}

function isoDate(da: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function isoDateTime(date: string, time: string | undefined): string | undefined {
  const d = isoDate(date);
  if (d === undefined) return undefined;
  const t = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?/.exec((time ?? '').trim());
  if (!t) return d;
  return `${d}T${t[1]}:${t[2] ?? '00'}:${t[3] ?? '00'}${t[4] ?? ''}`;
}

/** Acquisition time: AcquisitionDateTime, else content date/time, else study date/time. */
export function readAcquisitionTime(ds: DataSet): string | undefined {
  const dt = text(ds, TAG.acquisitionDateTime);
  if (dt !== undefined) {
    const iso = isoDateTime(dt.slice(0, 8), dt.slice(8).replace(/[+-]\d{4}$/, ''));
    if (iso !== undefined) return iso;
  }
  const cd = text(ds, TAG.contentDate);
  if (cd !== undefined) return isoDateTime(cd, text(ds, TAG.contentTime));
  const sd = text(ds, TAG.studyDate);
  return sd === undefined ? undefined : isoDateTime(sd, text(ds, TAG.studyTime));
}
