/**
 * SCP-ECG Huffman decoding (section 2): the default table of EN 1064 or tables stored in the file.
 * Each code structure has a prefix (stored bit-reversed, least significant bit first), a total length
 * (prefix + an optional explicit value in two's complement) and a mode switch: 1 = the code is a value,
 * 0 = the code switches to the table numbered by its base value.
 */
import { CoreError } from '../../errors';

/** One code structure of a Huffman table. */
export interface HuffmanCode {
  prefixBits: number;
  totalBits: number;
  /** True when the code stands for a value; false when it switches table. */
  isValue: boolean;
  baseValue: number;
  /** The prefix, most significant bit first (already un-reversed). */
  prefix: number;
}

/** A Huffman table: its code structures in file order. */
export type HuffmanTable = HuffmanCode[];

/** Reverses the low `n` bits of `v`. */
export function reverseBits(v: number, n: number): number {
  let out = 0;
  for (let i = 0; i < n; i += 1) out = (out << 1) | ((v >>> i) & 1);
  return out >>> 0;
}

/** EN 1064 default table: 0 -> 0; m ones, a zero and a sign bit -> +/-m (m = 1..8); then escapes. */
export function defaultTable(): HuffmanTable {
  const codes: HuffmanTable = [{ prefixBits: 1, totalBits: 1, isValue: true, baseValue: 0, prefix: 0 }];
  for (let m = 1; m <= 8; m += 1) {
    const head = ((1 << m) - 1) << 2;
    codes.push({ prefixBits: m + 2, totalBits: m + 2, isValue: true, baseValue: m, prefix: head });
    codes.push({ prefixBits: m + 2, totalBits: m + 2, isValue: true, baseValue: -m, prefix: head | 1 });
  }
  // Nine ones and a zero: an 8-bit value follows; ten ones: a 16-bit value follows.
  codes.push({ prefixBits: 10, totalBits: 18, isValue: true, baseValue: 0, prefix: 0b1111111110 });
  codes.push({ prefixBits: 10, totalBits: 26, isValue: true, baseValue: 0, prefix: 0b1111111111 });
  return codes;
}

/** Parses section 2: the default marker (19999) or stored tables; limits keep a damaged section bounded. */
export function parseHuffmanTables(data: Uint8Array): HuffmanTable[] {
  if (data.length < 2) throw new CoreError('TRUNCATED', 'The SCP-ECG Huffman table section is truncated.');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint16(0, true);
  if (count === 19999) return [defaultTable()];
  if (count === 0 || count > 64) throw new CoreError('CORRUPT', 'The SCP-ECG Huffman table section declares an impossible number of tables.');
  const tables: HuffmanTable[] = [];
  let off = 2;
  for (let t = 0; t < count; t += 1) {
    if (off + 2 > data.length) throw new CoreError('TRUNCATED', 'The SCP-ECG Huffman tables are truncated.');
    const n = view.getUint16(off, true);
    off += 2;
    if (n === 0 || off + n * 9 > data.length) throw new CoreError('TRUNCATED', 'The SCP-ECG Huffman tables are truncated.');
    const table: HuffmanTable = [];
    for (let k = 0; k < n; k += 1, off += 9) {
      const prefixBits = data[off] ?? 0;
      const totalBits = data[off + 1] ?? 0;
      if (prefixBits < 1 || prefixBits > 32 || totalBits < prefixBits || totalBits - prefixBits > 32) {
        throw new CoreError('CORRUPT', 'An SCP-ECG Huffman code has an impossible length: the file is damaged.');
      }
      table.push({
        prefixBits,
        totalBits,
        isValue: (data[off + 2] ?? 1) !== 0,
        baseValue: view.getInt16(off + 3, true),
        prefix: reverseBits(view.getUint32(off + 5, true), prefixBits),
      });
    }
    tables.push(table);
  }
  return tables;
}

/**
 * Decodes `count` values from `bytes` (one lead's stream). Bits are read most significant first. Running
 * out of bits before `count` values is TRUNCATED; a bit pattern no code matches is CORRUPT.
 */
export function huffmanDecode(bytes: Uint8Array, tables: HuffmanTable[], count: number): Int32Array {
  const out = new Int32Array(count);
  const totalBits = bytes.length * 8;
  let pos = 0;
  const bit = (): number => {
    const b = ((bytes[pos >>> 3] ?? 0) >>> (7 - (pos & 7))) & 1;
    pos += 1;
    return b;
  };
  let table = tables[0] ?? [];
  const maxPrefix = (t: HuffmanTable): number => t.reduce((m, c) => Math.max(m, c.prefixBits), 0);
  let longest = maxPrefix(table);
  for (let i = 0; i < count; ) {
    let code = 0;
    let len = 0;
    let match: HuffmanCode | undefined;
    while (match === undefined) {
      if (pos >= totalBits) throw new CoreError('TRUNCATED', 'An SCP-ECG lead ends before all its samples: the file is truncated or damaged.');
      code = (code << 1) | bit();
      len += 1;
      match = table.find((c) => c.prefixBits === len && c.prefix === code);
      if (match === undefined && len >= longest) throw new CoreError('CORRUPT', 'An SCP-ECG lead holds a bit pattern no Huffman code matches: the file is damaged.');
    }
    const extra = match.totalBits - match.prefixBits;
    if (!match.isValue) {
      const next = tables[match.baseValue - 1];
      if (next === undefined) throw new CoreError('CORRUPT', 'An SCP-ECG Huffman code switches to a table that does not exist.');
      table = next;
      longest = maxPrefix(table);
      continue;
    }
    if (extra === 0) {
      out[i] = match.baseValue;
    } else {
      if (pos + extra > totalBits) throw new CoreError('TRUNCATED', 'An SCP-ECG lead ends inside a sample value: the file is truncated.');
      let v = 0;
      for (let k = 0; k < extra; k += 1) v = v * 2 + bit();
      // Explicit values are two's complement of `extra` bits.
      out[i] = v >= 2 ** (extra - 1) ? v - 2 ** extra : v;
    }
    i += 1;
  }
  return out;
}
