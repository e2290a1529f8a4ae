/**
 * Builds small, valid SCP-ECG records for tests: default-table Huffman encoder, section framing with
 * CRC-CCITT, section 0 pointers. Written from EN 1064's layout, independent of the reader's parsing.
 */
import { crcCcitt } from '../../../../../src-main/core/ecg/scp-ecg/layout';

/** Bits (MSB first) for one value under the EN 1064 default Huffman table. */
export function defaultCodeBits(v: number): string {
  if (v === 0) return '0';
  const m = Math.abs(v);
  if (m <= 8) return `${'1'.repeat(m)}0${v < 0 ? '1' : '0'}`;
  if (v >= -128 && v <= 127) return `1111111110${((v + 256) & 0xff).toString(2).padStart(8, '0')}`;
  return `1111111111${((v + 65536) & 0xffff).toString(2).padStart(16, '0')}`;
}

/** Packs a bit string into bytes, zero-padded to a byte boundary. */
export function packBits(bits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i += 1) if (bits[i] === '1') out[i >> 3] = (out[i >> 3] ?? 0) | (0x80 >> (i & 7));
  return out;
}

export function huffmanEncode(values: number[]): Uint8Array {
  return packBits(values.map(defaultCodeBits).join(''));
}

class Writer {
  bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i += 1) this.bytes.push(b[i] ?? 0);
    return this;
  }
}

export { Writer };

/** One section with its 16-byte header and CRC. */
function section(id: number, content: number[], protocol: number): number[] {
  const length = 16 + content.length + (content.length % 2);
  const w = new Writer().u16(0).u16(id).u32(length).u8(protocol).u8(protocol).raw([0x53, 0x43, 0x50, 0x45, 0x43, 0x47]).raw(content);
  if (content.length % 2) w.u8(0);
  const b = Uint8Array.from(w.bytes);
  const crc = crcCcitt(b, 2, b.length);
  b[0] = crc & 0xff;
  b[1] = crc >> 8;
  return Array.from(b);
}

/** A whole record from section contents (id -> bytes); section 0 is generated. */
export function buildRecord(contents: Map<number, number[]>, protocol = 20): Uint8Array {
  const ids = [...contents.keys()].sort((a, b) => a - b);
  const built = new Map(ids.map((id) => [id, section(id, contents.get(id) ?? [], protocol)]));
  const s0Length = 16 + 10 * (ids.length + 1);
  let index = 7 + s0Length; // 1-based
  const pointers = new Writer().u16(0).u32(s0Length).u32(7);
  for (const id of ids) {
    const len = built.get(id)?.length ?? 0;
    pointers.u16(id).u32(len).u32(index);
    index += len;
  }
  const body = [...section(0, pointers.bytes, protocol), ...ids.flatMap((id) => built.get(id) ?? [])];
  const rec = Uint8Array.from([0, 0, 0, 0, 0, 0, ...body]);
  new DataView(rec.buffer).setUint32(2, rec.length, true);
  const crc = crcCcitt(rec, 2, rec.length);
  rec[0] = crc & 0xff;
  rec[1] = crc >> 8;
  return rec;
}

/** Section 3 content: all leads 1..n samples, given lead codes. */
export function leadSection(codes: number[], samples: number, refBeatSubtraction: boolean): number[] {
  const w = new Writer().u8(codes.length).u8((refBeatSubtraction ? 1 : 0) | 4 | (codes.length << 3));
  for (const c of codes) w.u32(1).u32(samples).u8(c);
  return w.bytes;
}

/** Section 5/6 content from per-lead encoded streams. */
export function dataSection(amplitudeNv: number, intervalUs: number, difference: number, streams: Uint8Array[]): number[] {
  const w = new Writer().u16(amplitudeNv).u16(intervalUs).u8(difference).u8(0);
  for (const s of streams) w.u16(s.length);
  for (const s of streams) w.raw(s);
  return w.bytes;
}
