/**
 * EDF / EDF+ / BDF header: a 256-byte fixed part then 256 bytes per signal, all ASCII fields. Every
 * number is validated, and the header length is checked against the signal count, before any data is read.
 */
import { CoreError } from '../../errors';

export interface EdfSignal {
  label: string;
  transducer: string;
  dimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefilter: string;
  samplesPerRecord: number;
}

export interface EdfHeader {
  variant: 'EDF' | 'EDF+C' | 'EDF+D' | 'BDF' | 'BDF+C' | 'BDF+D';
  bytesPerSample: 2 | 3;
  patient: string;
  recording: string;
  startDate: string;
  startTime: string;
  headerBytes: number;
  recordCount: number;
  recordDurationS: number;
  signals: EdfSignal[];
}

const latin1 = new TextDecoder('latin1');

function field(bytes: Uint8Array, offset: number, length: number): string {
  return latin1.decode(bytes.subarray(offset, offset + length)).replace(/\0/g, ' ').trim();
}

function corrupt(detail: string): CoreError {
  return new CoreError('CORRUPT', `The EDF header is damaged: ${detail}.`);
}

function num(text: string, what: string): number {
  const v = Number(text);
  if (text === '' || !Number.isFinite(v)) throw corrupt(`${what} is not a number`);
  return v;
}

/** True when the first bytes are an EDF ("0" + blanks) or BDF (0xFF "BIOSEMI") header. */
export function looksLikeEdf(bytes: Uint8Array): boolean {
  if (bytes.length < 256) return false;
  const version = latin1.decode(bytes.subarray(0, 8));
  const isEdf = version === '0       ';
  const isBdf = bytes[0] === 0xff && version.slice(1) === 'BIOSEMI';
  if (!isEdf && !isBdf) return false;
  return /^\s*\d+\s*$/.test(latin1.decode(bytes.subarray(184, 192))) && /^\s*\d+\s*$/.test(latin1.decode(bytes.subarray(252, 256)));
}

export function parseEdfHeader(bytes: Uint8Array): EdfHeader {
  if (bytes.length < 256) throw new CoreError('TRUNCATED', 'The EDF file is shorter than its fixed header: it is truncated.');
  const bdf = bytes[0] === 0xff;
  const reserved = field(bytes, 192, 44);
  const plus = reserved.startsWith('EDF+D') || reserved.startsWith('BDF+D') ? '+D' : reserved.startsWith('EDF+C') || reserved.startsWith('BDF+C') ? '+C' : '';
  const ns = num(field(bytes, 252, 4), 'the signal count');
  if (!Number.isInteger(ns) || ns < 1 || ns > 512) throw corrupt(`it declares ${ns} signals`);
  const headerBytes = num(field(bytes, 184, 8), 'the header size');
  if (headerBytes !== 256 * (ns + 1)) throw corrupt('the header size does not match the number of signals');
  if (bytes.length < headerBytes) throw new CoreError('TRUNCATED', 'The EDF file ends inside its header: it is truncated.');
  const header: EdfHeader = {
    variant: `${bdf ? 'BDF' : 'EDF'}${plus}` as EdfHeader['variant'],
    bytesPerSample: bdf ? 3 : 2,
    patient: field(bytes, 8, 80),
    recording: field(bytes, 88, 80),
    startDate: field(bytes, 168, 8),
    startTime: field(bytes, 176, 8),
    headerBytes,
    recordCount: num(field(bytes, 236, 8), 'the number of data records'),
    recordDurationS: num(field(bytes, 244, 8), 'the data record duration'),
    signals: [],
  };
  let offset = 256;
  const column = (width: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < ns; i += 1) out.push(field(bytes, offset + i * width, width));
    offset += ns * width;
    return out;
  };
  const labels = column(16);
  const transducers = column(80);
  const dims = column(8);
  const pmin = column(8);
  const pmax = column(8);
  const dmin = column(8);
  const dmax = column(8);
  const prefilters = column(80);
  const spr = column(8);
  for (let i = 0; i < ns; i += 1) {
    const s: EdfSignal = {
      label: labels[i] as string,
      transducer: transducers[i] as string,
      dimension: dims[i] as string,
      physicalMin: num(pmin[i] as string, `signal ${i + 1} physical minimum`),
      physicalMax: num(pmax[i] as string, `signal ${i + 1} physical maximum`),
      digitalMin: num(dmin[i] as string, `signal ${i + 1} digital minimum`),
      digitalMax: num(dmax[i] as string, `signal ${i + 1} digital maximum`),
      prefilter: prefilters[i] as string,
      samplesPerRecord: num(spr[i] as string, `signal ${i + 1} samples per record`),
    };
    if (!Number.isInteger(s.samplesPerRecord) || s.samplesPerRecord < 1 || s.samplesPerRecord > 10_000_000) {
      throw corrupt(`signal ${i + 1} has ${s.samplesPerRecord} samples per record`);
    }
    header.signals.push(s);
  }
  return header;
}
