/**
 * WFDB reader (PhysioNet): a text header (.hea) naming one or more signal files read through
 * ReaderInput.readSibling. Signals sampled at different rates (multi-frequency records) become separate
 * groups; signals with non-voltage units (blood pressure, respiration) are left out with a warning.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord, RecordField, WaveformGroup } from '../record';
import { decodeSignals, groupByRate, signalWarnings } from './decode';
import { looksLikeHeader, parseHeader, type WfdbHeader } from './header';
import { readMultiSegment } from './multi-segment';

function headerText(bytes: Uint8Array, limit: number): string | undefined {
  const n = Math.min(bytes.length, limit);
  for (let i = 0; i < n; i += 1) {
    const c = bytes[i] as number;
    if (c === 0 || (c < 9 && c !== 0) || (c > 13 && c < 32 && c !== 27)) return undefined;
  }
  // A UTF-8 byte order mark (written by some editors) is not part of the record name.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('latin1').decode(bytes.subarray(start, n));
}

function acquisitionTime(h: WfdbHeader): string | undefined {
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(h.baseTime ?? '');
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(h.baseDate ?? '');
  const time = t ? `${t[1]?.padStart(2, '0')}:${t[2]}:${t[3] ?? '00'}${t[4] ?? ''}` : undefined;
  if (d) return `${d[3]}-${d[2]?.padStart(2, '0')}-${d[1]?.padStart(2, '0')}${time ? `T${time}` : ''}`;
  return undefined;
}

function commentFields(comments: string[]): RecordField[] {
  const fields: RecordField[] = [];
  for (const c of comments) {
    const m = /^<?(Age|Sex|Dx)>?:\s*(.+?)\s*$/i.exec(c);
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = m[2] as string;
    if (key === 'age') fields.push({ key: 'age', label: 'Age', value, identifying: true });
    if (key === 'sex') fields.push({ key: 'sex', label: 'Sex', value, identifying: true });
    if (key === 'dx') fields.push({ key: 'diagnosisCodes', label: 'Diagnosis codes (SNOMED CT)', value, identifying: false });
  }
  return fields;
}

function readWfdb(input: ReaderInput): EcgRecord {
  const text = headerText(input.bytes, 1 << 20);
  if (text === undefined) throw new CoreError('CORRUPT', 'The WFDB header contains binary data: it is damaged.');
  const header = parseHeader(text);
  const warnings: string[] = [];
  let groups: WaveformGroup[];
  if (header.segments !== undefined) {
    groups = readMultiSegment(header, input.readSibling, warnings);
  } else {
    if (header.signalCount === 0) throw new CoreError('NO_WAVEFORM', 'The WFDB header declares no signals.');
    const decoded = decodeSignals(header, input.readSibling, warnings);
    signalWarnings(decoded, warnings);
    groups = groupByRate(header.frameRateHz, decoded, warnings);
  }
  if (groups.length === 0) throw new CoreError('NO_WAVEFORM', 'The WFDB record holds no ECG signal (no signal in voltage units).');
  const record: EcgRecord = {
    format: 'wfdb',
    formatVersion: header.segments !== undefined ? `multi-segment (${header.segments} segments)` : [...new Set(header.signals.map((s) => `format ${s.format}`))].join(', '),
    fields: commentFields(header.comments),
    measurements: {},
    statements: [],
    filters: {},
    groups,
    warnings,
  };
  const time = acquisitionTime(header);
  if (time !== undefined) record.acquisitionTime = time;
  return record;
}

export const wfdbReader: FormatReader = {
  format: 'wfdb',
  sniff: (input) => {
    const text = headerText(input.bytes, 4096);
    return text !== undefined && looksLikeHeader(text);
  },
  read: readWfdb,
};
