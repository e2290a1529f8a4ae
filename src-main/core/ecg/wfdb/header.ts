/**
 * WFDB header (.hea) parsing: record line, one line per signal, comment lines. Tolerates CRLF, tabs and
 * trailing blanks. Multi-segment records (name/nseg) are recognised and refused with a clear message.
 */
import { CoreError } from '../../errors';

export interface SignalSpec {
  fileName: string;
  format: number;
  /** Samples per frame (multi-frequency records); 1 normally. */
  samplesPerFrame: number;
  skew: number;
  byteOffset?: number;
  /** ADC units per physical unit; gain 0 or absent means uncalibrated (WFDB default 200). */
  gain: number;
  gainStated: boolean;
  baseline: number;
  units: string;
  adcResolution?: number;
  adcZero: number;
  initValue?: number;
  checksum?: number;
  description: string;
}

export interface WfdbHeader {
  recordName: string;
  segments?: number;
  signalCount: number;
  frameRateHz: number;
  samplesPerSignal?: number;
  baseTime?: string;
  baseDate?: string;
  signals: SignalSpec[];
  /** Segment list of a multi-segment record: name ("~" = gap) and samples per signal. */
  segmentList?: { name: string; samples: number }[];
  comments: string[];
}

/** Formats this reader decodes (0 = null signal). */
export const SUPPORTED_FORMATS = new Set([0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311]);
/** Formats WFDB defines but this reader does not decode (FLAC-compressed). */
export const KNOWN_FORMATS = new Set([...SUPPORTED_FORMATS, 508, 516, 524]);

const RECORD_LINE = /^(\S+?)(?:\/(\d+))?\s+(\d+)(?:\s+([0-9.eE+-]+)(?:\/[0-9.eE+-]+)?(?:\([^)]*\))?)?(?:\s+(\d+))?(?:\s+(\S+))?(?:\s+(\S+))?/;
const FORMAT_FIELD = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_FIELD = /^([0-9.eE+-]+)(?:\(([0-9eE+.-]+)\))?(?:\/(\S+))?$/;

function corrupt(detail: string): CoreError {
  return new CoreError('CORRUPT', `The WFDB header is damaged: ${detail}.`);
}

function toInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

function parseSignal(line: string, index: number): SignalSpec {
  const parts = line.trim().split(/[ \t]+/);
  const [fileName, fmt, gainField, resolution, zero, init, checksum, block, ...desc] = parts;
  const f = FORMAT_FIELD.exec(fmt ?? '');
  if (fileName === undefined || !f) throw corrupt(`signal ${index + 1} has no valid storage format`);
  const spec: SignalSpec = {
    fileName,
    format: Number(f[1]),
    samplesPerFrame: f[2] !== undefined ? Number(f[2]) : 1,
    skew: f[3] !== undefined ? Number(f[3]) : 0,
    byteOffset: f[4] !== undefined ? Number(f[4]) : undefined,
    gain: 200,
    gainStated: false,
    baseline: 0,
    units: 'mV',
    adcZero: toInt(zero) ?? 0,
    adcResolution: toInt(resolution),
    initValue: toInt(init),
    checksum: toInt(checksum),
    description: desc.join(' ').trim(),
  };
  void block;
  if (spec.samplesPerFrame < 1 || spec.samplesPerFrame > 1000) throw corrupt(`signal ${index + 1} has ${spec.samplesPerFrame} samples per frame`);
  let baselineStated = false;
  if (gainField !== undefined) {
    const g = GAIN_FIELD.exec(gainField);
    if (!g) throw corrupt(`signal ${index + 1} has an unreadable gain "${gainField.slice(0, 20)}"`);
    const gain = Number(g[1]);
    if (!Number.isFinite(gain)) throw corrupt(`signal ${index + 1} has an unreadable gain`);
    if (gain !== 0) {
      spec.gain = gain;
      spec.gainStated = true;
    }
    if (g[2] !== undefined) {
      spec.baseline = Number(g[2]);
      baselineStated = true;
    }
    if (g[3] !== undefined) spec.units = g[3];
  }
  // WFDB: the baseline defaults to the ADC zero when not written.
  if (!baselineStated) spec.baseline = spec.adcZero;
  if (!Number.isFinite(spec.baseline)) throw corrupt(`signal ${index + 1} has an unreadable baseline`);
  return spec;
}

/** Lines of the header without comments; comment texts collected separately. */
function splitLines(text: string): { lines: string[]; comments: string[] } {
  const lines: string[] = [];
  const comments: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const hash = raw.indexOf('#');
    if (hash >= 0) {
      const comment = raw.slice(hash + 1).trim();
      if (comment !== '') comments.push(comment);
    }
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (line !== '') lines.push(line);
  }
  return { lines, comments };
}

/** Parses a header text; throws CORRUPT or UNSUPPORTED_FORMAT. */
export function parseHeader(text: string): WfdbHeader {
  const { lines, comments } = splitLines(text);
  const m = RECORD_LINE.exec(lines[0] ?? '');
  if (!m) throw corrupt('the record line is missing or unreadable');
  const signalCount = Number(m[3]);
  const header: WfdbHeader = {
    recordName: m[1] as string,
    signalCount,
    frameRateHz: m[4] !== undefined ? Number(m[4]) : 250,
    samplesPerSignal: m[5] !== undefined ? Number(m[5]) : undefined,
    baseTime: m[6],
    baseDate: m[7],
    signals: [],
    comments,
  };
  if (m[2] !== undefined) {
    header.segments = Number(m[2]);
    if (header.segments < 1 || header.segments > 100_000) throw corrupt(`it declares ${header.segments} segments`);
    if (lines.length - 1 < header.segments) throw new CoreError('TRUNCATED', 'The WFDB header lists fewer segments than it declares: it is truncated.');
    header.segmentList = lines.slice(1, 1 + header.segments).map((line, i) => {
      const [name, samples] = line.split(/[ \t]+/);
      const n = toInt(samples);
      if (name === undefined || n === undefined || n < 0) throw corrupt(`segment ${i + 1} is unreadable`);
      return { name, samples: n };
    });
    return header;
  }
  if (!Number.isFinite(header.frameRateHz) || header.frameRateHz <= 0) throw corrupt('the sampling frequency is not a positive number');
  if (signalCount > 256) throw corrupt(`it declares ${signalCount} signals`);
  if (lines.length - 1 < signalCount) throw new CoreError('TRUNCATED', 'The WFDB header lists fewer signal lines than it declares: it is truncated.');
  for (let i = 0; i < signalCount; i += 1) header.signals.push(parseSignal(lines[i + 1] as string, i));
  return header;
}

/** Quick check that text looks like a WFDB header (used by the sniff; never throws). */
export function looksLikeHeader(text: string): boolean {
  const { lines } = splitLines(text);
  const m = RECORD_LINE.exec(lines[0] ?? '');
  if (!m || /[,;]/.test(lines[0] ?? '')) return false;
  if (m[2] !== undefined) return true;
  const n = Number(m[3]);
  if (n === 0) return lines.length === 1;
  const first = lines[1]?.split(/[ \t]+/);
  const f = FORMAT_FIELD.exec(first?.[1] ?? '');
  return f !== null && KNOWN_FORMATS.has(Number(f[1])) && first?.[0] !== undefined && !/^[-+]?[0-9.]+$/.test(first[0]);
}
