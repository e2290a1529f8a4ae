/**
 * WFDB signal storage formats: decoding a signal file's byte stream into raw ADC values. Samples of all
 * signals in one file are interleaved frame by frame; packed formats (212, 310, 311) pack consecutive
 * samples of that stream regardless of which signal they belong to.
 */
import { CoreError } from '../../errors';

/** Value WFDB writes for "no sample" in each format (WFDB_INVALID_SAMPLE scaled to the format's width). */
export function invalidValue(format: number): number | undefined {
  switch (format) {
    case 16:
    case 61:
    case 160:
      return -32768;
    case 80:
      return -128;
    case 212:
      return -2048;
    case 310:
    case 311:
      return -512;
    case 24:
      return -8388608;
    case 32:
      return -2147483648;
    default:
      return undefined;
  }
}

/** How many whole samples `byteCount` bytes hold in `format`. */
export function samplesInBytes(format: number, byteCount: number): number {
  switch (format) {
    case 8:
    case 80:
      return byteCount;
    case 16:
    case 61:
    case 160:
      return Math.floor(byteCount / 2);
    case 212:
      return Math.floor(byteCount / 3) * 2 + (byteCount % 3 === 2 ? 1 : 0);
    case 310:
    case 311: {
      const rest = byteCount % 4;
      return Math.floor(byteCount / 4) * 3 + (rest >= 2 ? 1 : 0) + (rest >= 3 && format === 311 ? 1 : 0);
    }
    case 24:
      return Math.floor(byteCount / 3);
    case 32:
      return Math.floor(byteCount / 4);
    default:
      throw new CoreError('UNSUPPORTED_ENCODING', `WFDB signal format ${format} is not supported by this viewer.`);
  }
}

function signExtend(value: number, bits: number): number {
  const half = 2 ** (bits - 1);
  return value >= half ? value - 2 * half : value;
}

/**
 * Decodes `count` consecutive samples from `bytes` (which must hold them: checked by the caller with
 * samplesInBytes). Format 8 yields the stored first differences; the caller integrates them per signal.
 */
export function decodeStream(bytes: Uint8Array, format: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const b = bytes;
  const at = (i: number): number => b[i] as number;
  switch (format) {
    case 8:
      for (let i = 0; i < count; i += 1) out[i] = signExtend(at(i), 8);
      break;
    case 80:
      for (let i = 0; i < count; i += 1) out[i] = at(i) - 128;
      break;
    case 16:
      for (let i = 0; i < count; i += 1) out[i] = signExtend(at(2 * i) | (at(2 * i + 1) << 8), 16);
      break;
    case 61:
      for (let i = 0; i < count; i += 1) out[i] = signExtend((at(2 * i) << 8) | at(2 * i + 1), 16);
      break;
    case 160:
      for (let i = 0; i < count; i += 1) out[i] = (at(2 * i) | (at(2 * i + 1) << 8)) - 32768;
      break;
    case 24:
      for (let i = 0; i < count; i += 1) out[i] = signExtend(at(3 * i) | (at(3 * i + 1) << 8) | (at(3 * i + 2) << 16), 24);
      break;
    case 32:
      for (let i = 0; i < count; i += 1) out[i] = at(4 * i) | (at(4 * i + 1) << 8) | (at(4 * i + 2) << 16) | (at(4 * i + 3) << 24);
      break;
    case 212:
      // Pairs of samples in three bytes; the loop walks pairs (the last one may be half used).
      for (let i = 0, base = 0; i < count; i += 2, base += 3) {
        const mid = at(base + 1);
        out[i] = ((at(base) | ((mid & 0x0f) << 8)) << 20) >> 20;
        if (i + 1 < count) out[i + 1] = ((at(base + 2) | ((mid & 0xf0) << 4)) << 20) >> 20;
      }
      break;
    case 310:
      for (let i = 0; i < count; i += 1) {
        const base = Math.floor(i / 3) * 4;
        const w0 = at(base) | (at(base + 1) << 8);
        const k = i % 3;
        let v: number;
        if (k === 0) v = (w0 >> 1) & 0x3ff;
        else if (k === 1) v = ((at(base + 2) | (at(base + 3) << 8)) >> 1) & 0x3ff;
        else v = ((w0 >> 11) & 0x1f) | (((at(base + 3) >> 3) & 0x1f) << 5);
        out[i] = signExtend(v, 10);
      }
      break;
    case 311:
      for (let i = 0; i < count; i += 1) {
        const base = Math.floor(i / 3) * 4;
        const word = (at(base) | (at(base + 1) << 8) | (at(base + 2) << 16) | (at(base + 3) << 24)) >>> 0;
        out[i] = signExtend((word >>> (10 * (i % 3))) & 0x3ff, 10);
      }
      break;
    default:
      throw new CoreError('UNSUPPORTED_ENCODING', `WFDB signal format ${format} is not supported by this viewer.`);
  }
  return out;
}
