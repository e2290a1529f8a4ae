/**
 * Deterministic byte mutations for the reader fuzz test: flips, insertions, deletions, truncations,
 * numeric-field rewrites (for text headers) and 32-bit words set to damaged lengths (for binary headers),
 * driven by a seeded PRNG so every run tests the same cases.
 */
import { mulberry32 as prng } from '../../../../src-main/core/random';

export { prng };

export interface Mutation {
  kind: string;
  bytes: Uint8Array;
}

const NUMBERS = ['0', '-1', '999999999', '2147483648', '1e308', '-32768', '65535', 'NaN', '', '0.0000001', '4294967295', '1e30', '-1e30', '1e-9'];
/** Binary length and count fields set to what damaged headers hold (0xFFFFFFF0 seen in DICOM). */
const WORDS = [0xfffffff0, 0xffffffff, 0x7fffffff, 0x80000000, 0x00010000];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Position biased towards the start, where headers and length fields live. */
function position(rand: () => number, length: number): number {
  const headerBiased = rand() < 0.5;
  const span = headerBiased ? Math.min(length, 1024) : length;
  return Math.floor(rand() * Math.max(1, span));
}

function replaceNumber(rand: () => number, src: Uint8Array): Uint8Array {
  const text = Buffer.from(src).toString('latin1');
  const runs: [number, number][] = [];
  const re = /\d+(?:\.\d+)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && runs.length < 5000) runs.push([m.index, m[0].length]);
  if (runs.length === 0) return src;
  const [at, len] = pick(rand, runs);
  const replacement = Buffer.from(pick(rand, NUMBERS), 'latin1');
  const out = new Uint8Array(src.length - len + replacement.length);
  out.set(src.subarray(0, at));
  out.set(replacement, at);
  out.set(src.subarray(at + len), at + replacement.length);
  return out;
}

/** `count` mutations of `src`: a fixed share of truncations at evenly spread points, the rest random. */
export function mutations(src: Uint8Array, count: number, seed: number): Mutation[] {
  const rand = prng(seed);
  const out: Mutation[] = [];
  const truncations = Math.max(1, Math.floor(count / 4));
  for (let i = 0; i < truncations; i += 1) {
    const cut = Math.floor(((i + 1) / (truncations + 1)) * src.length);
    out.push({ kind: `truncate@${cut}`, bytes: src.slice(0, cut) });
  }
  while (out.length < count) {
    const r = rand();
    const copy = src.slice();
    if (r < 0.35) {
      const flips = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < flips; k += 1) copy[position(rand, copy.length)] = Math.floor(rand() * 256);
      out.push({ kind: 'flip', bytes: copy });
    } else if (r < 0.45) {
      const at = position(rand, src.length);
      const extra = Uint8Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256));
      const bytes = new Uint8Array(src.length + extra.length);
      bytes.set(src.subarray(0, at));
      bytes.set(extra, at);
      bytes.set(src.subarray(at), at + extra.length);
      out.push({ kind: `insert@${at}`, bytes });
    } else if (r < 0.55) {
      const at = position(rand, src.length);
      const len = Math.min(1 + Math.floor(rand() * 64), src.length - at);
      const bytes = new Uint8Array(src.length - len);
      bytes.set(src.subarray(0, at));
      bytes.set(src.subarray(at + len), at);
      out.push({ kind: `delete@${at}`, bytes });
    } else if (r < 0.75) {
      out.push({ kind: 'number', bytes: replaceNumber(rand, src) });
    } else if (r < 0.85 && copy.length >= 4) {
      const at = position(rand, copy.length - 3);
      new DataView(copy.buffer).setUint32(at, pick(rand, WORDS), rand() < 0.5);
      out.push({ kind: `word@${at}`, bytes: copy });
    } else {
      const cut = Math.floor(rand() * src.length);
      out.push({ kind: `truncate@${cut}`, bytes: src.slice(0, cut) });
    }
  }
  return out;
}
