/**
 * EDF, EDF+ (continuous; discontinuous read end to end with a warning) and BDF (24-bit) reader. ECG
 * channels are recognised by label; other channels (respiration, EEG, test signals, annotations) are left
 * out with a warning. Samples: physical = (digital - dmin) x (pmax - pmin) / (dmax - dmin) + pmin.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import { checkSampleBudget } from '../limits';
import { isStandardLead, normaliseLeadName } from '../lead-names';
import type { EcgRecord, FilterSettings, RecordField, WaveformGroup } from '../record';
import { looksLikeEdf, parseEdfHeader, type EdfHeader, type EdfSignal } from './header';

const VOLTS: Readonly<Record<string, number>> = { nv: 1e-3, uv: 1, 'µv': 1, 'μv': 1, mv: 1e3, v: 1e6 };
const OTHER_LEADS = /^(?:-aVR|V[7-9]|V[3-9]R|MLI{1,3}|MV\d|CM5|CC5)$/;

function isAnnotation(s: EdfSignal): boolean {
  return /^(?:EDF|BDF) Annotations$/i.test(s.label);
}

/** ECG when the label says so ("ECG", "EKG II", "ECG V1") or names a lead ("I", "aVR", "V5"). */
export function isEcgSignal(s: EdfSignal): boolean {
  if (isAnnotation(s)) return false;
  if (/^(?:ECG|EKG)\b/i.test(s.label)) return true;
  const name = normaliseLeadName(s.label);
  return isStandardLead(name) || OTHER_LEADS.test(name);
}

function filtersOf(prefilter: string): FilterSettings {
  const out: FilterSettings = {};
  const hp = /HP:?\s*([0-9.]+)\s*Hz/i.exec(prefilter);
  const lp = /LP:?\s*([0-9.]+)\s*Hz/i.exec(prefilter);
  const notch = /N(?:otch)?:?\s*([0-9.]+)\s*Hz/i.exec(prefilter);
  if (hp) out.highPassHz = Number(hp[1]);
  if (lp) out.lowPassHz = Number(lp[1]);
  if (notch && Number(notch[1]) > 0) out.notchHz = Number(notch[1]);
  return out;
}

function startTime(h: EdfHeader): string | undefined {
  const d = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(h.startDate);
  const t = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(h.startTime);
  if (!d || !t) return undefined;
  const yy = Number(d[3]);
  // EDF+ recording field carries the 4-digit year; plain EDF clips at 1985 (85-99 -> 19xx).
  const full = /Startdate \d{2}-[A-Z]{3}-(\d{4})/i.exec(h.recording)?.[1];
  const year = full ?? String(yy >= 85 ? 1900 + yy : 2000 + yy);
  return `${year}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}`;
}

function patientFields(h: EdfHeader): RecordField[] {
  if (h.patient === '' || /^X( X)*$/.test(h.patient)) return [];
  return [{ key: 'patient', label: 'Patient', value: h.patient, identifying: true }];
}

function readEdf(input: ReaderInput): EcgRecord {
  const bytes = input.bytes;
  const h = parseEdfHeader(bytes);
  const warnings: string[] = [];
  const recordSamples = h.signals.reduce((n, s) => n + s.samplesPerRecord, 0);
  const recordBytes = recordSamples * h.bytesPerSample;
  const available = Math.floor((bytes.length - h.headerBytes) / recordBytes);
  let records = h.recordCount;
  if (records === -1) records = available;
  if (!Number.isInteger(records) || records < 0) throw new CoreError('CORRUPT', 'The EDF header states an impossible number of data records.');
  if (records > available) {
    throw new CoreError('TRUNCATED', `The EDF file holds ${available} of its ${records} declared data records: it is truncated.`);
  }
  if (!(h.recordDurationS > 0)) throw new CoreError('CORRUPT', 'The EDF header states a data record duration of zero: the sample rate is unknown.');
  const ecg = h.signals.map((s, i) => ({ s, i })).filter(({ s }) => isEcgSignal(s));
  if (ecg.length === 0) {
    const onlyAnnotations = h.signals.every(isAnnotation);
    throw new CoreError(
      'NO_WAVEFORM',
      onlyAnnotations ? 'This EDF+ file holds only annotations, no signal.' : 'This EDF file holds no ECG channel (no channel labelled ECG or named as a lead).',
    );
  }
  const left = h.signals.filter((s) => !isAnnotation(s) && !isEcgSignal(s)).map((s) => s.label);
  if (left.length > 0) warnings.push(`Non-ECG channels left out: ${left.join(', ')}`);
  if (h.variant.endsWith('+D')) warnings.push('Discontinuous EDF+ recording: its data records are shown end to end, gaps are not marked');
  checkSampleBudget(ecg.length, records * Math.max(...ecg.map(({ s }) => s.samplesPerRecord)), 'The EDF file');
  const offsets: number[] = [];
  let acc = 0;
  for (const s of h.signals) {
    offsets.push(acc);
    acc += s.samplesPerRecord;
  }
  const groups = new Map<number, WaveformGroup>();
  for (const { s, i } of ecg) {
    let factor = VOLTS[s.dimension.toLowerCase()];
    if (factor === undefined) {
      factor = 1;
      warnings.push(`Channel ${s.label} states unit "${s.dimension}"; microvolts assumed`);
    }
    const n = s.samplesPerRecord;
    const out = new Float32Array(records * n);
    const span = s.digitalMax - s.digitalMin;
    const gain = span !== 0 ? (s.physicalMax - s.physicalMin) / span : 1;
    if (span === 0) warnings.push(`Channel ${s.label} has equal digital minimum and maximum; shown unscaled`);
    const sampleOffset = offsets[i] as number;
    for (let r = 0; r < records; r += 1) {
      let p = h.headerBytes + r * recordBytes + sampleOffset * h.bytesPerSample;
      for (let k = 0; k < n; k += 1) {
        let d: number;
        if (h.bytesPerSample === 2) {
          d = ((bytes[p] as number) | ((bytes[p + 1] as number) << 8)) << 16 >> 16;
          p += 2;
        } else {
          d = ((bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16)) << 8 >> 8;
          p += 3;
        }
        out[r * n + k] = ((d - s.digitalMin) * gain + s.physicalMin) * factor;
      }
    }
    const rate = Math.round((n / h.recordDurationS) * 1e6) / 1e6;
    const group = groups.get(rate) ?? { kind: 'rhythm' as const, sampleRateHz: rate, leads: [] };
    group.leads.push({ name: normaliseLeadName(s.label) || `Channel ${i + 1}`, samples: out, derived: false });
    groups.set(rate, group);
  }
  const list = [...groups.values()].sort((a, b) => b.leads.length - a.leads.length);
  if (list.length > 1) warnings.push(`ECG channels have different sample rates (${list.map((g) => `${g.sampleRateHz} Hz`).join(', ')}) and are kept as separate groups`);
  const record: EcgRecord = {
    format: 'edf',
    formatVersion: h.variant,
    fields: patientFields(h),
    measurements: {},
    statements: [],
    filters: filtersOf(ecg[0]?.s.prefilter ?? ''),
    groups: list,
    warnings,
  };
  const time = startTime(h);
  if (time !== undefined) record.acquisitionTime = time;
  return record;
}

export const edfReader: FormatReader = {
  format: 'edf',
  sniff: (input) => looksLikeEdf(input.bytes),
  read: readEdf,
};
