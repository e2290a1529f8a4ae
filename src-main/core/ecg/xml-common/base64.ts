/** Base64 and little-endian sample helpers shared by the XML readers (MUSE, Philips). */
import { CoreError } from '../../errors';

const BASE64_BODY = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Decodes base64 text (whitespace allowed); anything else in it is CORRUPT. */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64_BODY.test(text)) {
    throw new CoreError('CORRUPT', `${what} is not valid base64 text: the file is damaged.`);
  }
  const buf = Buffer.from(text, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Signed 16-bit little-endian samples times `scale`, as Float32 (an odd trailing byte is ignored). */
export function int16LeScaled(bytes: Uint8Array, scale: number, count = Math.floor(bytes.length / 2)): Float32Array {
  const n = Math.min(count, Math.floor(bytes.length / 2));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 1) out[i] = view.getInt16(i * 2, true) * scale;
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as zlib) of the bytes: MUSE stores it per lead. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i += 1) {
      let c = i;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = (crcTable[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
