import { describe, expect, it } from 'vitest';
import { defaultTable, huffmanDecode, parseHuffmanTables, reverseBits } from '../../../../../src-main/core/ecg/scp-ecg/huffman';
import { crcCcitt } from '../../../../../src-main/core/ecg/scp-ecg/layout';
import { undoDifferences } from '../../../../../src-main/core/ecg/scp-ecg/signal';
import { huffmanEncode, packBits, Writer } from './scp-builder';

describe('SCP-ECG Huffman decoding', () => {
  it('decodes a hand-made default-table stream: short codes, +/-8 and both escapes', () => {
    // 0 | 100 | 101 | 1100 | 1111111101 | 1111111110 01100100 | 1111111111 + 16-bit -1000
    const bits = '0' + '100' + '101' + '1100' + '1111111101' + '1111111110' + '01100100' + '1111111111' + (65536 - 1000).toString(2);
    expect(Array.from(huffmanDecode(packBits(bits), [defaultTable()], 7))).toEqual([0, 1, -1, 2, -8, 100, -1000]);
  });

  it('round-trips values through an independent encoder', () => {
    const values = [0, 3, -7, 8, -9, 127, -128, 128, -129, 32767, -32768, 5, 0, 0];
    expect(Array.from(huffmanDecode(huffmanEncode(values), [defaultTable()], values.length))).toEqual(values);
  });

  it('reports a stream that ends early as TRUNCATED', () => {
    expect(() => huffmanDecode(packBits('1111111111' + '0101'), [defaultTable()], 1)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => huffmanDecode(new Uint8Array([0]), [defaultTable()], 9)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('parses stored tables with bit-reversed codes and follows a table switch', () => {
    // Table 1: "1" -> 5, "01" -> switch to table 2, "00" -> -5. Table 2: "0" -> 1, "1" -> 2.
    const code = (prefixBits: number, value: number, msbFirst: number, isValue = true): number[] =>
      new Writer().u8(prefixBits).u8(prefixBits).u8(isValue ? 1 : 0).u16(value & 0xffff).u32(reverseBits(msbFirst, prefixBits)).bytes;
    const section = new Writer().u16(2).u16(3).raw(code(1, 5, 0b1)).raw(code(2, 2, 0b01, false)).raw(code(2, -5, 0b00)).u16(2).raw(code(1, 1, 0)).raw(code(1, 2, 1)).bytes;
    const tables = parseHuffmanTables(Uint8Array.from(section));
    expect(tables).toHaveLength(2);
    expect(tables[0]?.[1]).toMatchObject({ isValue: false, baseValue: 2, prefix: 0b01 });
    // 1 (5), 00 (-5), 01 (switch), then table 2: 0 (1), 1 (2)
    expect(Array.from(huffmanDecode(packBits('1' + '00' + '01' + '0' + '1'), tables, 4))).toEqual([5, -5, 1, 2]);
  });

  it('recognises the default-table marker 19999', () => {
    const tables = parseHuffmanTables(Uint8Array.from(new Writer().u16(19999).bytes));
    expect(tables[0]).toHaveLength(19);
  });
});

describe('SCP-ECG helpers', () => {
  it('CRC-CCITT matches the standard check value (0x29B1 for "123456789")', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crcCcitt(bytes, 0, bytes.length)).toBe(0x29b1);
  });

  it('undoes first and second differences', () => {
    expect(Array.from(undoDifferences(Int32Array.from([5, 1, 1, -2]), 1))).toEqual([5, 6, 7, 5]);
    // x = 1, 2, 4, 7, 11: second differences after the first two samples are 1, 1, 1.
    expect(Array.from(undoDifferences(Int32Array.from([1, 2, 1, 1, 1]), 2))).toEqual([1, 2, 4, 7, 11]);
    expect(Array.from(undoDifferences(Int32Array.from([3, 4]), 0))).toEqual([3, 4]);
  });
});
