/**
 * SCP-ECG record layout: the record header (CRC + length), section 0's pointer table and each section's
 * 16-byte header. Every declared offset and length is checked against the bytes before use.
 */
import { CoreError } from '../../errors';

let crcTable: Uint16Array | undefined;

/** CRC-CCITT (polynomial 0x1021, initial value 0xFFFF, no reflection), as EN 1064 specifies. */
export function crcCcitt(bytes: Uint8Array, start: number, end: number): number {
  if (crcTable === undefined) {
    crcTable = new Uint16Array(256);
    for (let i = 0; i < 256; i += 1) {
      let c = i << 8;
      for (let k = 0; k < 8; k += 1) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
      crcTable[i] = c;
    }
  }
  let crc = 0xffff;
  for (let i = start; i < end; i += 1) crc = ((crc << 8) & 0xffff) ^ (crcTable[((crc >> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc;
}

/** One checked section of the record. */
export interface ScpSection {
  id: number;
  /** Offset of the section's first byte (its header) in the record. */
  start: number;
  /** Total section length including the 16-byte header. */
  length: number;
  sectionVersion: number;
  protocolVersion: number;
  /** The section's content (after the header). */
  data: Uint8Array;
}

/** The checked record: its length, sections by id, and notes on what was tolerated. */
export interface ScpLayout {
  recordLength: number;
  sections: Map<number, ScpSection>;
  warnings: string[];
}

const HEADER = 16;

/**
 * Reads one section header and checks it against section 0 and the bytes. The record CRC has already
 * been verified when this runs, so a section whose own CRC or pointer length disagrees was written that
 * way (a writer bug, not damage): it is read and the disagreement reported.
 */
function readSection(bytes: Uint8Array, start: number, expectedId: number, declaredLength: number | undefined, warnings: string[]): ScpSection {
  if (start < 6 || start + HEADER > bytes.length) {
    throw new CoreError('TRUNCATED', `SCP-ECG section ${expectedId} lies outside the file: the file is truncated or damaged.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = view.getUint16(start + 2, true);
  const length = view.getUint32(start + 4, true);
  if (id !== expectedId) throw new CoreError('CORRUPT', `SCP-ECG section ${expectedId} is not where section 0 points: the file is damaged.`);
  if (length < HEADER) throw new CoreError('CORRUPT', `SCP-ECG section ${expectedId} has an impossible length: the file is damaged.`);
  if (start + length > bytes.length) {
    throw new CoreError('TRUNCATED', `SCP-ECG section ${expectedId} ends after the end of the file: the file is truncated.`);
  }
  if (declaredLength !== undefined && length !== declaredLength) {
    warnings.push(`SCP-ECG section ${expectedId}: its length differs from the one section 0 lists; its own header was used.`);
  }
  if (crcCcitt(bytes, start + 2, start + length) !== view.getUint16(start, true)) {
    warnings.push(`SCP-ECG section ${expectedId} carries a wrong checksum although the whole record checks out (a writer fault).`);
  }
  return {
    id,
    start,
    length,
    sectionVersion: bytes[start + 8] ?? 0,
    protocolVersion: bytes[start + 9] ?? 0,
    data: bytes.subarray(start + HEADER, start + length),
  };
}

/** Parses and checks the record header and every section listed in section 0. */
export function parseLayout(bytes: Uint8Array): ScpLayout {
  if (bytes.length < 6 + HEADER) throw new CoreError('TRUNCATED', 'The SCP-ECG file is too short to hold its header.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordLength = view.getUint32(2, true);
  const warnings: string[] = [];
  if (recordLength > bytes.length) {
    throw new CoreError('TRUNCATED', `The SCP-ECG record declares ${recordLength} bytes but the file has ${bytes.length}: it is truncated.`);
  }
  if (recordLength < 6 + HEADER) throw new CoreError('CORRUPT', 'The SCP-ECG record length is impossibly small: the file is damaged.');
  if (recordLength < bytes.length) warnings.push('The SCP-ECG file has bytes after the end of its record; they were ignored.');
  const record = bytes.subarray(0, recordLength);
  if (crcCcitt(record, 2, recordLength) !== view.getUint16(0, true)) {
    throw new CoreError('CORRUPT', 'The SCP-ECG file fails its checksum: the file is damaged.');
  }
  const s0 = readSection(record, 6, 0, undefined, warnings);
  const sections = new Map<number, ScpSection>([[0, s0]]);
  const pointers = new DataView(s0.data.buffer, s0.data.byteOffset, s0.data.byteLength);
  for (let off = 0; off + 10 <= s0.data.length; off += 10) {
    const id = pointers.getUint16(off, true);
    const length = pointers.getUint32(off + 2, true);
    const index = pointers.getUint32(off + 6, true);
    if (id === 0 || length === 0) continue;
    if (sections.has(id)) throw new CoreError('CORRUPT', `SCP-ECG section ${id} is listed twice: the file is damaged.`);
    // Indexes are 1-based byte positions in the record.
    sections.set(id, readSection(record, index - 1, id, length, warnings));
  }
  return { recordLength, sections, warnings };
}
