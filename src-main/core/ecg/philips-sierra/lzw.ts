/**
 * The LZW variant of Philips XLI compression: fixed-width codes (10 bits), packed most-significant bit
 * first, 256 literal codes, no clear code, the dictionary frozen once it reaches (1 << bits) - 2 entries;
 * a code above that limit ends the stream. Written from the published XLI description.
 */
import { CoreError } from '../../errors';

/**
 * Decodes one LZW stream. `maxOutput` bounds the output so a crafted stream cannot expand without limit.
 * Like the reference decoders, the final bits that cannot fill a whole 32-bit refill are not decoded.
 */
export function lzwDecode(input: Uint8Array, bits: number, maxOutput: number): Uint8Array {
  const maxCode = (1 << bits) - 2;
  const dict: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(maxCode + 1);
  for (let c = 0; c < 256; c += 1) dict[c] = Uint8Array.of(c);
  let nextCode = 256;
  let previous: Uint8Array | undefined;
  let out = new Uint8Array(Math.min(maxOutput, Math.max(1024, input.length * 4)));
  let outLen = 0;
  let offset = 0;
  let bitBuffer = 0; // holds up to 32 bits, next code in the most significant bits
  let bitCount = 0;
  for (;;) {
    let exhausted = false;
    while (bitCount <= 24) {
      if (offset >= input.length) {
        exhausted = true;
        break;
      }
      bitBuffer = (bitBuffer | ((input[offset] ?? 0) << (24 - bitCount))) >>> 0;
      offset += 1;
      bitCount += 8;
    }
    if (exhausted) break;
    const code = bitBuffer >>> (32 - bits);
    bitBuffer = (bitBuffer << bits) >>> 0;
    bitCount -= bits;
    if (code > maxCode) break;
    let entry = dict[code];
    if (entry === undefined) {
      // The one legal unknown code: previous string + its own first byte (the "KwKwK" case).
      if (previous === undefined || code !== nextCode) {
        throw new CoreError('CORRUPT', 'The compressed Philips waveform is damaged (invalid LZW code).');
      }
      entry = new Uint8Array(previous.length + 1);
      entry.set(previous);
      entry[previous.length] = previous[0] ?? 0;
    }
    if (previous !== undefined && nextCode <= maxCode) {
      const grown = new Uint8Array(previous.length + 1);
      grown.set(previous);
      grown[previous.length] = entry[0] ?? 0;
      dict[nextCode] = grown;
      nextCode += 1;
    }
    previous = entry;
    if (outLen + entry.length > maxOutput) {
      throw new CoreError('CORRUPT', 'The compressed Philips waveform expands beyond its declared length: the file is damaged.');
    }
    if (outLen + entry.length > out.length) {
      const bigger = new Uint8Array(Math.min(maxOutput, Math.max(out.length * 2, outLen + entry.length)));
      bigger.set(out.subarray(0, outLen));
      out = bigger;
    }
    out.set(entry, outLen);
    outLen += entry.length;
  }
  return out.subarray(0, outLen);
}
