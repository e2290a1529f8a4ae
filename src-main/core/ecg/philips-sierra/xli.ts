/**
 * Philips XLI waveform decoding: a sequence of chunks, one per lead, each an 8-byte header (int32 LE
 * chunk size, 2 bytes unused, int16 LE first-sample delta code) followed by a 10-bit LZW stream. The
 * decompressed bytes hold 16-bit values split in two halves (all high bytes, then all low bytes); those
 * are second-difference-style codes turned back into samples by the XLI predictor.
 */
import { CoreError } from '../../errors';
import { lzwDecode } from './lzw';

/** High-byte half then low-byte half -> signed 16-bit values (an odd length gets a zero pad byte). */
export function xliUnpack(bytes: Uint8Array): Int32Array {
  const half = (bytes.length + 1) >> 1;
  const out = new Int32Array(half);
  for (let i = 0; i < half; i += 1) {
    const v = ((bytes[i] ?? 0) << 8) | (bytes[half + i] ?? 0);
    out[i] = (v << 16) >> 16;
  }
  return out;
}

/**
 * Undoes the XLI prediction in place: sample[i] = 2 x sample[i-1] - sample[i-2] - (code[i-1] - 64),
 * where the code before the first predicted one is the chunk header's start value.
 */
export function xliUndoDeltas(codes: Int32Array, first: number): Int32Array {
  if (codes.length < 3) return codes;
  let x = codes[0] ?? 0;
  let y = codes[1] ?? 0;
  let last = first;
  for (let i = 2; i < codes.length; i += 1) {
    const z = y + y - x - last;
    last = (codes[i] ?? 0) - 64;
    codes[i] = z;
    x = y;
    y = z;
  }
  return codes;
}

/**
 * Decodes every chunk of an XLI stream into one Int32Array per lead (raw units).
 * `maxLeads` and `maxSamples` bound the work; anything beyond is CORRUPT.
 */
export function xliDecode(data: Uint8Array, maxLeads: number, maxSamples: number): Int32Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const leads: Int32Array[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const size = view.getInt32(offset, true);
    const first = view.getInt16(offset + 6, true);
    offset += 8;
    if (size < 0 || offset + size > data.length) {
      throw new CoreError('TRUNCATED', 'A compressed Philips waveform chunk ends before its declared size: the file is truncated or damaged.');
    }
    if (leads.length >= maxLeads) {
      throw new CoreError('CORRUPT', `The Philips waveform holds more than ${maxLeads} channels: the file is damaged.`);
    }
    const bytes = lzwDecode(data.subarray(offset, offset + size), 10, maxSamples * 2 + 64);
    offset += size;
    leads.push(xliUndoDeltas(xliUnpack(bytes), first));
  }
  return leads;
}

/**
 * Philips stores III, aVR, aVL and aVF of compressed 12-lead data as residuals against the values
 * computed from I and II; this adds them back (integer arithmetic as the device does, floor division).
 * Indices are the positions of I, II, III, aVR, aVL, aVF.
 */
export function restoreLimbLeads(leads: Int32Array[], idx: readonly [number, number, number, number, number, number]): void {
  const [i1, i2, i3, iR, iL, iF] = idx.map((k) => leads[k]) as Int32Array[];
  if (!i1 || !i2 || !i3 || !iR || !iL || !iF) return;
  const n = Math.min(i1.length, i2.length, i3.length, iR.length, iL.length, iF.length);
  for (let s = 0; s < n; s += 1) {
    const a = i1[s] ?? 0;
    const b = i2[s] ?? 0;
    const iii = b - a - (i3[s] ?? 0);
    i3[s] = iii;
    iR[s] = -(iR[s] ?? 0) - Math.floor((a + b) / 2);
    iL[s] = Math.floor((a - iii) / 2) - (iL[s] ?? 0);
    iF[s] = Math.floor((b + iii) / 2) - (iF[s] ?? 0);
  }
}
