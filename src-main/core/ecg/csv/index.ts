/**
 * CSV/TSV reader for ECG exports: delimiter detection, optional preamble and header, optional time
 * column. The sample rate comes from the time column, a preamble line or the caller's hint, and is never
 * guessed: without one the reader fails with SAMPLE_RATE_UNKNOWN. Units come from the header/preamble or
 * the caller's hint, else they are inferred from the amplitude with a warning.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import { normaliseLeadName } from '../lead-names';
import { checkSampleBudget } from '../limits';
import type { EcgRecord, Lead } from '../record';
import { columnRole, defaultNames, type ColumnRole } from './columns';
import { findLayout, nonEmptyLines, type CsvLayout } from './layout';
import { decodeText, MAX_CSV_BYTES, parseRow, splitLine } from './text';

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  for (let i = 0; i < n; i += 1) {
    const c = bytes[i] as number;
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) return false;
  }
  return true;
}

function sniffCsv(input: ReaderInput): boolean {
  if (!looksLikeText(input.bytes)) return false;
  const head = decodeText(input.bytes.subarray(0, 16384));
  if (/^\s*</.test(head)) return false;
  const lines = nonEmptyLines(head);
  // The last line of the probe may be cut in half.
  if (input.bytes.length > 16384) lines.pop();
  return lines.length >= 2 && findLayout(lines) !== undefined;
}

function columnsOf(layout: CsvLayout, width: number, warnings: string[]): ColumnRole[] {
  if (layout.header !== undefined) return layout.header.map((cell, i) => columnRole(cell, i));
  if (width === 1 && layout.leadName !== undefined) return [{ kind: 'lead', name: normaliseLeadName(layout.leadName) || 'Channel 1' }];
  const { names, assumed } = defaultNames(width);
  if (assumed) warnings.push('The file has no header row; columns were taken to be I, II, III, aVR, aVL, aVF, V1-V6 in that order');
  return names.map((name) => ({ kind: 'lead', name }));
}

function rateFromTime(times: Float64Array, secondsPerUnit: number): number {
  const n = times.length;
  if (n < 2) throw new CoreError('SAMPLE_RATE_UNKNOWN', 'The time column has fewer than two values, so the sample rate cannot be computed.');
  const step = ((times[n - 1] as number) - (times[0] as number)) / (n - 1);
  if (!(step > 0)) throw new CoreError('CORRUPT', 'The time column does not increase, so the sample rate cannot be computed.');
  return Math.round((1 / (step * secondsPerUnit)) * 1e6) / 1e6;
}

/** Characters probed for the layout (preamble, header, delimiter). */
const PROBE_CHARS = 65536;

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n += 1;
  return n;
}

function rateUnknown(): CoreError {
  return new CoreError(
    'SAMPLE_RATE_UNKNOWN',
    'This CSV file does not state its sample rate (no time column and no "sampling rate" line); give the rate explicitly to read it.',
  );
}

function readCsv(input: ReaderInput): EcgRecord {
  if (input.bytes.length > MAX_CSV_BYTES) throw new CoreError('FILE_TOO_LARGE', 'The CSV file is too large for this viewer.');
  const text = decodeText(input.bytes);
  // The layout comes from the first 64 KB; the data rows are then scanned in place (no array of lines).
  const head = nonEmptyLines(text.slice(0, PROBE_CHARS));
  if (text.length > PROBE_CHARS) head.pop();
  const layout = findLayout(head);
  if (layout === undefined) throw new CoreError('NOT_AN_ECG', 'The text file is not a table of numbers, so it holds no ECG samples.');
  const warnings: string[] = [];
  const width = splitLine(head[layout.dataStart] as string, layout.delimiter).length;
  const newline = text.includes('\n') ? '\n' : '\r';
  const maxRows = countOf(text, newline) + 1;
  checkSampleBudget(width, maxRows, 'The CSV file');
  const roles = columnsOf(layout, width, warnings);
  if (!roles.some((role) => role.kind === 'time') && layout.rateHz === undefined && input.hints?.sampleRateHz === undefined) {
    throw rateUnknown();
  }
  // Leads need float32 only; a time column keeps double precision (epoch or long recordings).
  const full = roles.map((role) => (role.kind === 'time' ? new Float64Array(maxRows) : new Float32Array(maxRows)));
  const present = new Uint32Array(width);
  let badCells = 0;
  let row = 0;
  const sink = (c: number, v: number) => {
    (full[c] as Float32Array | Float64Array)[row] = v;
    present[c] = (present[c] as number) + 1;
  };
  let seen = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf(newline, start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    seen += 1;
    if (seen <= layout.dataStart) continue;
    badCells += parseRow(line, layout.delimiter, layout.decimalComma, width, sink);
    row += 1;
  }
  const rows = row;
  const columns = full.map((column) => column.subarray(0, rows));
  if (badCells > 0) warnings.push(`${badCells} cells are not numbers and were read as 0`);
  const timeIndex = roles.findIndex((role) => role.kind === 'time');
  const timeRole = roles[timeIndex];
  let rate: number | undefined;
  if (timeRole?.kind === 'time') rate = rateFromTime(columns[timeIndex] as Float64Array, timeRole.secondsPerUnit);
  rate ??= layout.rateHz ?? input.hints?.sampleRateHz;
  if (rate === undefined || !(rate > 0)) throw rateUnknown();
  if (timeRole === undefined && layout.rateHz === undefined) warnings.push(`Sample rate ${rate} Hz was given by the user, not stated in the file`);
  const leadCols = roles.map((role, c) => ({ role, c })).filter(({ role, c }) => role.kind === 'lead' && (present[c] as number) > 0);
  const empty = roles.filter((role, c) => role.kind === 'lead' && present[c] === 0).map((role) => (role.kind === 'lead' ? role.name : ''));
  if (empty.length > 0) warnings.push(`Empty columns left out: ${empty.join(', ')}`);
  if (leadCols.length === 0) throw new CoreError('NO_WAVEFORM', 'The CSV file has no column with samples.');
  const fileUnit = layout.uvPerUnit ?? input.hints?.uvPerUnit;
  let inferred: number | undefined;
  const leads: Lead[] = leadCols.map(({ role, c }) => {
    const stated = role.kind === 'lead' ? role.uvPerUnit : undefined;
    let factor = stated ?? fileUnit;
    if (factor === undefined) {
      if (inferred === undefined) {
        let max = 0;
        for (const { c: k } of leadCols) for (const v of columns[k] as Float32Array) max = Math.max(max, Math.abs(v));
        // Surface ECG rarely exceeds 10 mV: small values are millivolts, large ones microvolts.
        inferred = max < 50 ? 1000 : 1;
        warnings.push(`Units are not stated; values were read as ${inferred === 1000 ? 'millivolts' : 'microvolts'} judging by their amplitude`);
      }
      factor = inferred;
    }
    const src = columns[c] as Float32Array;
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r += 1) out[r] = (src[r] as number) * factor;
    return { name: role.kind === 'lead' ? role.name : `Channel ${c + 1}`, samples: out, derived: false };
  });
  return {
    format: 'csv',
    formatVersion: layout.delimiter === '\t' ? 'TSV' : 'CSV',
    fields: [],
    measurements: {},
    statements: [],
    filters: {},
    groups: [{ kind: 'rhythm', sampleRateHz: rate, leads }],
    warnings,
  };
}

export const csvReader: FormatReader = { format: 'csv', sniff: sniffCsv, read: readCsv };
