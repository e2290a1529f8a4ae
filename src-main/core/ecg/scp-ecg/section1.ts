/** SCP-ECG section 1: tagged patient and acquisition fields (tag, 2-byte length, value; tag 255 ends). */
import type { FilterSettings, RecordField } from '../record';
import { decodeWindows1252 } from '../xml-common/windows-1252';

/** What section 1 contributes to the record. */
export interface HeaderInfo {
  fields: RecordField[];
  acquisitionTime?: string;
  filters: FilterSettings;
}


function text(value: Uint8Array): string {
  const nul = value.indexOf(0);
  // eslint-disable-next-line no-control-regex
  return decodeWindows1252(nul >= 0 ? value.subarray(0, nul) : value).replace(/[\u0000-\u001f]/g, ' ').trim();
}

const TEXT_TAGS: ReadonlyArray<[number, string, string, boolean]> = [
  [2, 'patientId', 'Patient ID', true],
  [0, 'lastName', 'Last name', true],
  [1, 'firstName', 'First name', true],
  [3, 'secondLastName', 'Second last name', true],
  [30, 'freeText', 'Free text', true],
];

const SEX = ['Unknown', 'Male', 'Female'];
const AGE_UNITS = ['', 'years', 'months', 'weeks', 'days', 'hours'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A 2-byte year. EN 1064 stores it little-endian; some anonymisers write it big-endian (2000 becomes
 * 53255), so an impossible little-endian year with a plausible big-endian reading is read big-endian.
 */
function year(lo: number, hi: number): number | undefined {
  const le = lo | (hi << 8);
  if (le >= 1850 && le <= 2200) return le;
  const be = (lo << 8) | hi;
  return be >= 1850 && be <= 2200 ? be : undefined;
}

function deviceName(v: Uint8Array): string | undefined {
  if (v.length < 14) return undefined;
  const model = text(v.subarray(8, 14));
  // After the 36-byte fixed part come NUL-terminated strings; the fifth is the manufacturer name.
  const strings = decodeWindows1252(v.subarray(36)).split('\u0000');
  const maker = (strings[4] ?? '').replace(/[^\x20-\x7e]/g, '').trim();
  const name = [maker, model].filter((s) => s !== '').join(' ');
  return name === '' ? undefined : name;
}

/** Parses section 1; unknown tags are skipped, a tag running past the section ends the walk. */
export function parseHeader(data: Uint8Array): HeaderInfo {
  const tags = new Map<number, Uint8Array>();
  let off = 0;
  while (off + 3 <= data.length) {
    const tag = data[off] ?? 255;
    const len = (data[off + 1] ?? 0) | ((data[off + 2] ?? 0) << 8);
    if (tag === 255 || off + 3 + len > data.length) break;
    if (!tags.has(tag)) tags.set(tag, data.subarray(off + 3, off + 3 + len));
    off += 3 + len;
  }
  const fields: RecordField[] = [];
  const add = (key: string, label: string, value: string | undefined, identifying: boolean): void => {
    if (value !== undefined && value !== '') fields.push({ key, label, value, identifying });
  };
  for (const [tag, key, label, identifying] of TEXT_TAGS) {
    const v = tags.get(tag);
    if (v !== undefined) add(key, label, text(v), identifying);
  }
  const age = tags.get(4);
  if (age !== undefined && age.length >= 3) {
    const n = (age[0] ?? 0) | ((age[1] ?? 0) << 8);
    if (n > 0) add('age', 'Age', `${n} ${AGE_UNITS[age[2] ?? 0] ?? ''}`.trim(), false);
  }
  const dob = tags.get(5);
  if (dob !== undefined && dob.length >= 4) {
    const y = year(dob[0] ?? 0, dob[1] ?? 0);
    if (y !== undefined) add('dateOfBirth', 'Date of birth', `${pad(y, 4)}-${pad(dob[2] ?? 0)}-${pad(dob[3] ?? 0)}`, true);
  }
  const sex = tags.get(8);
  if (sex !== undefined && sex.length >= 1) add('sex', 'Sex', SEX[sex[0] ?? 0] ?? 'Unspecified', false);
  const device = tags.get(14);
  if (device !== undefined) add('device', 'Device', deviceName(device), false);
  let acquisitionTime: string | undefined;
  const date = tags.get(25);
  const time = tags.get(26);
  if (date !== undefined && date.length >= 4) {
    const y = year(date[0] ?? 0, date[1] ?? 0);
    const hms = time !== undefined && time.length >= 3 ? `${pad(time[0] ?? 0)}:${pad(time[1] ?? 0)}:${pad(time[2] ?? 0)}` : '00:00:00';
    if (y !== undefined) acquisitionTime = `${pad(y, 4)}-${pad(date[2] ?? 0)}-${pad(date[3] ?? 0)}T${hms}`;
  }
  const filters: FilterSettings = {};
  const hp = tags.get(27);
  if (hp !== undefined && hp.length >= 2) {
    const v = (hp[0] ?? 0) | ((hp[1] ?? 0) << 8);
    if (v > 0) filters.highPassHz = v / 100; // stored in hundredths of a hertz
  }
  const lp = tags.get(28);
  if (lp !== undefined && lp.length >= 2) {
    const v = (lp[0] ?? 0) | ((lp[1] ?? 0) << 8);
    if (v > 0) filters.lowPassHz = v;
  }
  const bits = tags.get(29)?.[0];
  if (bits !== undefined && (bits & 3) !== 0) filters.notchHz = bits & 1 ? 60 : 50;
  return { fields, ...(acquisitionTime !== undefined ? { acquisitionTime } : {}), filters };
}
