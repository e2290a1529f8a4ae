/**
 * WFDB reader (PhysioNet): a text header (.hea) naming one or more signal files read through
 * ReaderInput.readSibling. Signals sampled at different rates (multi-frequency records) become separate
 * groups; signals with non-voltage units (blood pressure, respiration) are left out with a warning.
 */
import { CoreError } from '../../errors';
import type { FormatReader, ReaderInput } from '../format-reader';
import type { EcgRecord, RecordField, WaveformGroup } from '../record';
import { looksLikeHeader, parseHeader, SUPPORTED_FORMATS, type SignalSpec, type WfdbHeader } from './header';
import { readSignalFile, type DecodedSignal } from './signals';

function headerText(bytes: Uint8Array, limit: number): string | undefined {
  const n = Math.min(bytes.length, limit);
  for (let i = 0; i < n; i += 1) {
    const c = bytes[i] as number;
    if (c === 0 || (c < 9 && c !== 0) || (c > 13 && c < 32 && c !== 27)) return undefined;
  }
  return new TextDecoder('latin1').decode(bytes.subarray(0, n));
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
  if (header.segments !== undefined) {
    throw new CoreError('UNSUPPORTED_FORMAT', `This is a multi-segment WFDB record (${header.segments} segments); open one of its segment headers instead.`);
  }
  if (header.signalCount === 0) throw new CoreError('NO_WAVEFORM', 'The WFDB header declares no signals.');
  for (const s of header.signals) {
    if (!SUPPORTED_FORMATS.has(s.format)) {
      throw new CoreError('UNSUPPORTED_ENCODING', `WFDB signal format ${s.format} (signal "${s.description || s.fileName}") is not supported by this viewer.`);
    }
  }
  const warnings: string[] = [];
  const byFile = new Map<string, SignalSpec[]>();
  for (const s of header.signals) {
    if (s.format === 0 || s.fileName === '~') continue;
    byFile.set(s.fileName, [...(byFile.get(s.fileName) ?? []), s]);
  }
  const decoded: DecodedSignal[] = [];
  for (const [fileName, specs] of byFile) {
    const bytes = input.readSibling?.(fileName);
    if (bytes === undefined) {
      throw new CoreError('FILE_NOT_FOUND', `The signal file ${fileName} named by the WFDB header is missing; keep it next to the .hea file.`);
    }
    decoded.push(...readSignalFile(header, fileName, specs, bytes, warnings));
  }
  decoded.sort((a, b) => header.signals.indexOf(a.spec) - header.signals.indexOf(b.spec));
  const skipped = decoded.filter((d) => d.samples === undefined).map((d) => `${d.name} (${d.spec.units})`);
  if (skipped.length > 0) warnings.push(`Non-ECG signals left out: ${skipped.join(', ')}`);
  if (decoded.some((d) => !d.spec.gainStated)) warnings.push('Some signals have no ADC gain in the header; the WFDB default of 200 units/mV was assumed');
  if (decoded.some((d) => d.spec.skew !== 0)) warnings.push('Signal skew in the header is ignored');
  const invalid = decoded.reduce((n, d) => n + d.invalid, 0);
  if (invalid > 0) warnings.push(`${invalid} samples are marked invalid (no signal) in the file and shown as 0 uV`);
  const rates = new Map<number, WaveformGroup>();
  for (const d of decoded) {
    if (d.samples === undefined) continue;
    const rate = header.frameRateHz * d.spec.samplesPerFrame;
    const group = rates.get(rate) ?? { kind: 'rhythm', sampleRateHz: rate, leads: [] };
    group.leads.push({ name: d.name, samples: d.samples, derived: false });
    rates.set(rate, group);
  }
  const groups = [...rates.values()].sort((a, b) => b.leads.length - a.leads.length);
  if (groups.length > 1) {
    warnings.push(`Signals are sampled at different rates (${groups.map((g) => `${g.sampleRateHz} Hz`).join(', ')}) and are kept as separate groups`);
  }
  if (groups.length === 0) throw new CoreError('NO_WAVEFORM', 'The WFDB record holds no ECG signal (no signal in voltage units).');
  const record: EcgRecord = {
    format: 'wfdb',
    formatVersion: [...new Set(header.signals.map((s) => `format ${s.format}`))].join(', '),
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
