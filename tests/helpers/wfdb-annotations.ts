/**
 * Reads a WFDB (MIT format) annotation file such as mitdb's .atr: the reference beat positions the QRS detector
 * is scored against. Test support only; the app never reads annotations.
 *
 * Format (WFDB "annot(5)"): 16-bit little-endian words; the top 6 bits are a code A, the low 10 bits a value I.
 * A = 0 and I = 0 ends the file; A = 59 (SKIP) is followed by a 32-bit interval (high word first, each word
 * little-endian) added to the time; 60/61/62 (NUM/SUB/CHN) set fields; 63 (AUX) is followed by I bytes of text
 * (padded to an even count); any other A is an annotation of that code at time += I.
 */
import { readFileSync } from 'node:fs';

export interface Annotation {
  /** Sample index. */
  sample: number;
  code: number;
}

/** Codes WFDB's isqrs() counts as beats (N L R a V F J A S E j / Q ? B e n f r); 37 (x, blocked P) is not one. */
export const BEAT_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;

export function readMitAnnotations(path: string): Annotation[] {
  const b = readFileSync(path);
  const out: Annotation[] = [];
  let t = 0;
  let i = 0;
  while (i + 1 < b.length) {
    const w = b.readUInt16LE(i);
    i += 2;
    const a = w >> 10;
    const v = w & 0x3ff;
    if (a === 0 && v === 0) break;
    if (a === SKIP) {
      const hi = b.readUInt16LE(i);
      const lo = b.readUInt16LE(i + 2);
      i += 4;
      t += ((hi << 16) | lo) >>> 0;
    } else if (a === NUM || a === SUB || a === CHN) {
      // Fields of the next annotation: not needed to place beats.
    } else if (a === AUX) {
      i += v + (v & 1);
    } else {
      t += v;
      out.push({ sample: t, code: a });
    }
  }
  return out;
}

/** The beat annotations' sample indices. */
export function referenceBeats(path: string): number[] {
  return readMitAnnotations(path)
    .filter((x) => BEAT_CODES.has(x.code))
    .map((x) => x.sample);
}
