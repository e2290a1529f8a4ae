/**
 * Healforce handheld recorders (e.g. Prince 180D) write files that look like SCP-ECG but do not follow
 * EN 1064: 0-based section offsets, a 16-bit record length, no valid CRCs, all leads interleaved in one
 * section 6 stream of 10-bit samples packed four to three 16-bit words (two high bits of each word are
 * beat markers), and the sample rate in hertz where the standard has the interval in microseconds.
 * Decoded after the public description in KaibinBao/healforcescpecg (MIT).
 */
import { CoreError } from '../../errors';
import { checkSampleBudget, MAX_LEADS } from '../limits';
import type { EcgRecord, Lead } from '../record';
import { parseHeader } from './section1';

function u16(b: Uint8Array, off: number): number {
  return (b[off] ?? 0) | ((b[off + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, off: number): number {
  return (u16(b, off) | (u16(b, off + 2) << 16)) >>> 0;
}

/** True for the Healforce layout: section 0 at byte 6 whose own pointer says offset 6 (0-based). */
export function isHealforce(b: Uint8Array): boolean {
  if (b.length < 32 || u16(b, 8) !== 0) return false;
  const s0Length = u32(b, 10);
  if (s0Length < 26 || 6 + s0Length > b.length) return false;
  for (let off = 22; off + 10 <= 6 + s0Length; off += 10) {
    if (u16(b, off) === 0) return u32(b, off + 6) === 6 && u16(b, 4) <= b.length;
  }
  return false;
}

/** Sections by id: content bytes (after the 16-byte header), bounds-checked against the file. */
function sections(b: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const s0Length = u32(b, 10);
  for (let off = 22; off + 10 <= 6 + s0Length; off += 10) {
    const id = u16(b, off);
    const start = u32(b, off + 6);
    if (id === 0 || u32(b, off + 2) === 0) continue;
    if (start + 16 > b.length || u16(b, start + 2) !== id) {
      throw new CoreError('CORRUPT', `Healforce SCP section ${id} is not where its pointer says: the file is damaged.`);
    }
    const length = Math.min(u32(b, start + 4), b.length - start);
    if (length < 16) throw new CoreError('CORRUPT', `Healforce SCP section ${id} has an impossible length.`);
    out.set(id, b.subarray(start + 16, start + length));
  }
  return out;
}

/** 10-bit offset-binary sample (bits 0-9) to a signed value. */
function tenBit(word: number): number {
  return ((word >> 8) & 3) * 256 + (word & 0xff) - 512;
}

/** Unpacks 3 words -> 4 samples; the 4th sample is built from bits 10-13 of the three words. */
export function unpackHealforce(data: Uint8Array): Int16Array {
  const groups = Math.floor(data.length / 6);
  const out = new Int16Array(groups * 4);
  for (let g = 0; g < groups; g += 1) {
    const w0 = u16(data, g * 6);
    const w1 = u16(data, g * 6 + 2);
    const w2 = u16(data, g * 6 + 4);
    const w3 = ((w0 & 0x3c00) >> 2) | ((w1 & 0x3c00) >> 6) | ((w2 & 0x3c00) >> 10);
    out[g * 4] = tenBit(w0);
    out[g * 4 + 1] = tenBit(w1);
    out[g * 4 + 2] = tenBit(w2);
    out[g * 4 + 3] = tenBit(w3);
  }
  return out;
}

/** Reads a Healforce file into a record (channels unnamed: the file does not say which leads they are). */
export function readHealforce(b: Uint8Array): EcgRecord {
  const secs = sections(b);
  const s3 = secs.get(3);
  const s6 = secs.get(6);
  if (s3 === undefined || s6 === undefined || s6.length < 8) throw new CoreError('NO_WAVEFORM', 'The Healforce file holds no rhythm data.');
  const leadCount = s3[0] ?? 0;
  if (leadCount === 0 || leadCount > MAX_LEADS) throw new CoreError('CORRUPT', 'The Healforce file declares an impossible number of leads.');
  const amplitudeNv = u16(s6, 0);
  const rateHz = u16(s6, 2);
  if (rateHz === 0 || rateHz > 10_000 || amplitudeNv === 0) throw new CoreError('CORRUPT', 'The Healforce file states no usable sample rate or amplitude.');
  const streamLength = Math.min(u16(s6, 6), s6.length - 8);
  const packed = unpackHealforce(s6.subarray(8, 8 + streamLength));
  const perLead = Math.floor(packed.length / leadCount);
  checkSampleBudget(leadCount, perLead, 'The Healforce file');
  const scale = amplitudeNv / 1000;
  const leads: Lead[] = Array.from({ length: leadCount }, (_, k) => {
    const samples = new Float32Array(perLead);
    for (let i = 0; i < perLead; i += 1) samples[i] = (packed[i * leadCount + k] ?? 0) * scale;
    return { name: `Channel ${k + 1}`, samples, derived: false };
  });
  const header = secs.has(1) ? parseHeader(secs.get(1) ?? new Uint8Array()) : { fields: [], filters: {} };
  return {
    format: 'scp-ecg',
    formatVersion: 'SCP-ECG (Healforce variant, not EN 1064 compliant)',
    ...(header.acquisitionTime !== undefined ? { acquisitionTime: header.acquisitionTime } : {}),
    fields: header.fields,
    measurements: {},
    statements: [],
    filters: header.filters,
    groups: [{ kind: 'rhythm', label: 'rhythm (Healforce interleaved stream)', sampleRateHz: rateHz, leads }],
    warnings: [
      'Healforce variant of SCP-ECG: no checksums, leads interleaved in one stream, 10-bit samples; decoded by its known layout.',
      `The file does not name its ${leadCount} channels; they are shown as Channel 1-${leadCount}.`,
      `Sample rate read as ${rateHz} Hz from the field EN 1064 uses for the sample interval.`,
    ],
  };
}
