/**
 * The words of a report's header, footer and PDF metadata, as plain data (drawn by draw-header.ts). Identifying
 * fields, the file name (names of exported files often carry the patient's) and the overread note leave the
 * report entirely when identifiers are hidden; nothing is merely blacked out.
 */
import type { EcgRecord, RecordField, WaveformGroup } from '../ecg/record';
import { filterLabel } from '../../../src-shared/ecg-paper/display-filter';
import { PAPER_MM, type ReportOptions } from './options';

export interface ReportFile {
  /** File name as opened (no folder). */
  name: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
}

export interface HeaderContent {
  /** Left of the title row: what the page is, and whose ECG when identifiers are shown. */
  title: string;
  patient: string[];
  recording: string[];
  measurements: string[];
  statements: string[];
  /** Speed, gain and the display filter on the traces. */
  scale: string;
  /** Layout, paper and the seconds shown. */
  page: string;
}

export const LAYOUT_NAMES: Record<ReportOptions['layout'], string> = {
  '3x4+1': '3x4 + II rhythm',
  '3x4+3': '3x4 + V1/II/V5 rhythm',
  '6x2': '6x2',
  '12x1': '12x1',
};

/** Below this rate a recording is not diagnostic grade (ECG-DISPLAY.md): the report says so. */
const DIAGNOSTIC_MIN_HZ = 500;

/** "2024-01-31 14:05:09" from an ISO time (local time as the file has it; no zone invented). */
export function formatAcquisition(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+/, '') : 'not stated in the file';
}

/** The speed, gain and filter line, e.g. "25 mm/s · 10 mm/mV · 0.05-150 Hz" (the footer convention). */
export function scaleText(options: ReportOptions): string {
  return `${options.speedMmPerS} mm/s · ${options.gainMmPerMv} mm/mV · ${filterLabel(options.filter)}`;
}

/** Who the ECG belongs to, for the title and the PDF metadata: names first, else identifiers; null when none. */
export function patientIdentity(fields: readonly RecordField[]): string | null {
  const identifying = fields.filter((f) => f.identifying && f.value.trim() !== '');
  const names = identifying.filter((f) => /name/i.test(f.key)).map((f) => f.value.trim());
  if (names.length > 0) return names.join(' ');
  const ids = identifying.filter((f) => /id$|mrn|^patient$/i.test(f.key)).map((f) => f.value.trim());
  return ids.length > 0 ? ids.join(' ') : null;
}

function measurementLines(record: EcgRecord): string[] {
  const m = record.measurements;
  const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : `${Math.round(v)} ms`);
  const lines: [string, string | undefined][] = [
    ['Rate', m.heartRateBpm !== undefined && Number.isFinite(m.heartRateBpm) ? `${Math.round(m.heartRateBpm)} bpm` : undefined],
    ['PR', ms(m.prMs)],
    ['QRS', ms(m.qrsMs)],
    ['QT', ms(m.qtMs)],
    [`QTc (${m.qtcFormula ?? 'formula not stated'})`, ms(m.qtcMs)],
  ];
  const axes = [m.pAxisDeg, m.qrsAxisDeg, m.tAxisDeg];
  if (axes.some((a) => a !== undefined && Number.isFinite(a))) {
    lines.push(['P-R-T axes', `${axes.map((a) => (a === undefined || !Number.isFinite(a) ? '-' : String(Math.round(a)))).join(' ')}°`]);
  }
  const shown = lines.filter((l): l is [string, string] => l[1] !== undefined).map(([k, v]) => `${k}: ${v}`);
  return shown.length > 0 ? shown : ['The file has no device measurements.'];
}

function recordingLines(record: EcgRecord, group: WaveformGroup): string[] {
  const lines = [`Acquired: ${formatAcquisition(record.acquisitionTime)}`];
  for (const f of record.fields) if (!f.identifying) lines.push(`${f.label}: ${f.value}`);
  lines.push(`Format: ${record.format}${record.formatVersion ? ` ${record.formatVersion}` : ''}`);
  const derived = group.leads.filter((l) => l.derived).map((l) => l.name);
  const rate = group.sampleRateHz < DIAGNOSTIC_MIN_HZ ? ` (below the ${DIAGNOSTIC_MIN_HZ} Hz of diagnostic ECGs)` : '';
  lines.push(`Sampled at ${group.sampleRateHz} Hz${rate}, ${group.leads.length} leads${derived.length ? ` (${derived.join(', ')} derived)` : ''}`);
  const f = record.filters;
  if (f.highPassHz !== undefined || f.lowPassHz !== undefined || f.notchHz !== undefined) {
    const band = `${f.highPassHz ?? '?'}-${f.lowPassHz ?? '?'} Hz`;
    lines.push(`Device filter: ${band}${f.notchHz ? `, ${f.notchHz} Hz notch` : ''}`);
  }
  return lines;
}

/** Seconds with one decimal, or three for records shorter than a second (a 26 ms snippet is not "0.0 s"). */
const seconds = (s: number) => (s > 0 && s < 1 ? s.toFixed(3) : s.toFixed(1));

/** The header's content for one record and group. */
export function headerContent(record: EcgRecord, group: WaveformGroup, options: ReportOptions, windowS: number, durationS: number): HeaderContent {
  const identity = options.hideIdentifiers ? null : patientIdentity(record.fields);
  const identifying = record.fields.filter((f) => f.identifying);
  const patient = options.hideIdentifiers
    ? ['Identifiers hidden']
    : identifying.length > 0
      ? identifying.map((f) => `${f.label}: ${f.value}`)
      : ['The file names no patient.'];
  const from = options.startS;
  return {
    title: identity ? `ECG · ${identity}` : 'ECG',
    patient,
    recording: recordingLines(record, group),
    measurements: measurementLines(record),
    statements: record.statements,
    scale: scaleText(options),
    page: `${LAYOUT_NAMES[options.layout]} · ${PAPER_MM[options.paper].label} · ${seconds(from)}-${seconds(from + windowS)} s of ${seconds(durationS)} s`,
  };
}

/** The footer's left text: the file and its content hash (the name is left out with the identifiers). */
export function footerFileText(file: ReportFile, hideIdentifiers: boolean): string {
  return `${hideIdentifiers ? 'File name hidden' : `File: ${file.name}`} · SHA-256 ${file.sha256}`;
}

/** PDF document information: a title naming the patient only when identifiers are shown. */
export function pdfTitle(record: EcgRecord, options: ReportOptions): string {
  const identity = options.hideIdentifiers ? null : patientIdentity(record.fields);
  const when = record.acquisitionTime ? `, ${formatAcquisition(record.acquisitionTime)}` : '';
  return `ECG${identity ? ` of ${identity}` : ''}${when}`;
}
