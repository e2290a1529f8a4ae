/**
 * SCP-ECG signal sections: 3 (lead definitions), 4 (reference-beat subtraction zones), 5 (reference
 * beat) and 6 (rhythm). Samples are Huffman-coded (section 2) or plain 16-bit, optionally as first or
 * second differences; rhythm data may be residuals after reference-beat subtraction.
 */
import { CoreError } from '../../errors';
import { checkSampleBudget, MAX_LEADS } from '../limits';
import { huffmanDecode, type HuffmanTable } from './huffman';

/** One lead of section 3. */
export interface LeadDef {
  /** First and last sample numbers (1-based, inclusive). */
  start: number;
  end: number;
  code: number;
}

/** Section 3: the leads and how the rhythm data was compressed. */
export interface LeadSection {
  leads: LeadDef[];
  refBeatSubtracted: boolean;
  simultaneous: boolean;
}

function dv(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/** Section 3: number of leads, flags, then 9 bytes per lead (start, end, lead code). */
export function parseLeadSection(data: Uint8Array): LeadSection {
  const n = data[0] ?? 0;
  const flags = data[1] ?? 0;
  if (n === 0) throw new CoreError('NO_WAVEFORM', 'The SCP-ECG file defines no leads.');
  if (n > MAX_LEADS || 2 + n * 9 > data.length) throw new CoreError('TRUNCATED', 'The SCP-ECG lead definitions are truncated.');
  const view = dv(data);
  const leads: LeadDef[] = [];
  for (let k = 0; k < n; k += 1) {
    const off = 2 + k * 9;
    const start = view.getUint32(off, true);
    const end = view.getUint32(off + 4, true);
    if (end < start) throw new CoreError('CORRUPT', 'An SCP-ECG lead ends before it starts: the file is damaged.');
    leads.push({ start, end, code: data[off + 8] ?? 0 });
  }
  return { leads, refBeatSubtracted: (flags & 1) === 1, simultaneous: (flags & 4) === 4 };
}

/** One QRS complex of section 4 and its reference-beat subtraction zone. */
export interface QrsZone {
  type: number;
  /** Subtraction start, fiducial and end (1-based rhythm sample numbers). */
  start: number;
  fiducial: number;
  end: number;
}

/** Section 4: reference beat geometry and the QRS complexes it was subtracted from. */
export interface RefBeatSection {
  lengthMs: number;
  /** Fiducial point inside the reference beat (1-based). */
  fiducial: number;
  zones: QrsZone[];
}

/** Section 4: reference beat length and fiducial, then 14 bytes per QRS complex. */
export function parseRefBeatSection(data: Uint8Array): RefBeatSection {
  if (data.length < 6) throw new CoreError('TRUNCATED', 'The SCP-ECG reference beat section is truncated.');
  const view = dv(data);
  const count = view.getUint16(4, true);
  if (6 + count * 14 > data.length) throw new CoreError('TRUNCATED', 'The SCP-ECG QRS list is truncated.');
  const zones: QrsZone[] = [];
  for (let k = 0; k < count; k += 1) {
    const off = 6 + k * 14;
    zones.push({
      type: view.getUint16(off, true),
      start: view.getUint32(off + 2, true),
      fiducial: view.getUint32(off + 6, true),
      end: view.getUint32(off + 10, true),
    });
  }
  return { lengthMs: view.getUint16(0, true), fiducial: view.getUint16(2, true), zones };
}

/** Section 5 or 6: encoding parameters and one encoded stream per lead. */
export interface EncodedSection {
  amplitudeNv: number;
  intervalUs: number;
  /** 0 = none, 1 = first differences, 2 = second differences. */
  difference: number;
  bimodal: boolean;
  streams: Uint8Array[];
}

/** Sections 5 and 6: 6-byte header, 2-byte byte counts per lead, then the lead streams. */
export function parseEncodedSection(data: Uint8Array, leadCount: number, what: string): EncodedSection {
  if (data.length < 6 + leadCount * 2) throw new CoreError('TRUNCATED', `The SCP-ECG ${what} section is truncated.`);
  const view = dv(data);
  const difference = data[4] ?? 0;
  if (difference > 2) throw new CoreError('CORRUPT', `The SCP-ECG ${what} uses an unknown difference encoding.`);
  const streams: Uint8Array[] = [];
  let off = 6 + leadCount * 2;
  for (let k = 0; k < leadCount; k += 1) {
    const len = view.getUint16(6 + k * 2, true);
    if (off + len > data.length) throw new CoreError('TRUNCATED', `The SCP-ECG ${what} data of lead ${k + 1} is truncated.`);
    streams.push(data.subarray(off, off + len));
    off += len;
  }
  return { amplitudeNv: view.getUint16(0, true), intervalUs: view.getUint16(2, true), difference, bimodal: data[5] === 1, streams };
}

/** Undoes first or second differences in place. */
export function undoDifferences(v: Int32Array, order: number): Int32Array {
  if (order === 1) for (let i = 1; i < v.length; i += 1) v[i] = (v[i] ?? 0) + (v[i - 1] ?? 0);
  if (order === 2) for (let i = 2; i < v.length; i += 1) v[i] = (v[i] ?? 0) + 2 * (v[i - 1] ?? 0) - (v[i - 2] ?? 0);
  return v;
}

/** Decodes one stream to `count` raw values: Huffman when tables exist, else 16-bit little-endian. */
export function decodeStream(stream: Uint8Array, tables: HuffmanTable[] | undefined, count: number, difference: number): Int32Array {
  checkSampleBudget(1, count, 'An SCP-ECG lead');
  let values: Int32Array;
  if (tables === undefined) {
    // A writer whose 2-byte length field overflowed stores fewer samples than section 3 declares (the
    // section CRC still holds): keep what is stored; the caller reports the shortfall.
    const n = Math.min(count, Math.floor(stream.length / 2));
    const view = dv(stream);
    values = new Int32Array(n);
    for (let i = 0; i < n; i += 1) values[i] = view.getInt16(i * 2, true);
  } else {
    values = huffmanDecode(stream, tables, count);
  }
  return undoDifferences(values, difference);
}

/**
 * Adds the reference beat back into residual rhythm data (both already in microvolts): for every QRS of
 * type 0, sample t of the subtraction zone gets refBeat[t - fiducial + refFiducial].
 */
export function addReferenceBeat(residual: Float32Array, refBeat: Float32Array, section4: RefBeatSection): void {
  for (const zone of section4.zones) {
    if (zone.type !== 0) continue;
    for (let t = zone.start; t <= zone.end; t += 1) {
      const r = t - zone.fiducial + section4.fiducial;
      if (t < 1 || t > residual.length || r < 1 || r > refBeat.length) continue;
      residual[t - 1] = (residual[t - 1] ?? 0) + (refBeat[r - 1] ?? 0);
    }
  }
}
