import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../src-main/core/ecg';
import type { ReaderInput } from '../../../../src-main/core/ecg/format-reader';
import { CoreError } from '../../../../src-main/core/errors';
import { ecgFixture } from './fixture-path';
import { mutations } from './mutate';

/**
 * Every fixture of every format, mutated (byte flips, insertions, deletions, truncations at many points,
 * numeric fields rewritten): the readers must either decode or throw a CoreError with a stable code other
 * than INTERNAL, within bounded time. WFDB records are fuzzed through the header and through the signal file.
 */
const SEED = 20261124;
const MAX_MS_PER_CASE = 5000;
const SIGNAL_FILE = /\.(dat|mat|atr)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(ecgFixture())
  .filter((p) => !/\.(json|md)$/i.test(p) && basename(p) !== '.gitattributes' && !/\.atr$/i.test(p))
  .sort();

/** Fewer cases for big files so the whole run stays near a minute on one core. */
function caseCount(size: number): number {
  return Math.max(40, Math.min(400, Math.round(4_000_000 / Math.max(size, 1))));
}

function siblings(dir: string, replace?: { name: string; bytes: Uint8Array }): (name: string) => Uint8Array | undefined {
  return (name) => {
    if (replace && name === replace.name) return replace.bytes;
    try {
      return new Uint8Array(readFileSync(join(dir, name)));
    } catch {
      return undefined;
    }
  };
}

function check(input: ReaderInput, label: string): number {
  const start = performance.now();
  try {
    const record = readEcgBytes(input);
    expect(record.groups.length, label).toBeGreaterThan(0);
    for (const g of record.groups) {
      expect(g.sampleRateHz > 0, label).toBe(true);
      expect(g.leads.every((l) => l.samples.length > 0), label).toBe(true);
    }
  } catch (error) {
    if (!(error instanceof CoreError)) throw new Error(`${label}: non-CoreError ${String(error)}`, { cause: error });
    expect(error.code, `${label}: ${error.message}`).not.toBe('INTERNAL');
    expect(error.message.length, label).toBeGreaterThan(10);
  }
  const ms = performance.now() - start;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(MAX_MS_PER_CASE);
  return ms;
}

describe('reader fuzz (fixed seed)', () => {
  for (const [index, path] of files.entries()) {
    const rel = path.slice(ecgFixture().length + 1);
    it(`${rel}: mutated inputs give a record or a coded error`, () => {
      const src = new Uint8Array(readFileSync(path));
      const dir = dirname(path);
      const cases = mutations(src, caseCount(src.length), SEED + index);
      let worst = 0;
      for (const m of cases) {
        const label = `${rel} ${m.kind}`;
        if (SIGNAL_FILE.test(path)) {
          const header = readdirSync(dir).find((n) => /\.hea$/i.test(n));
          if (header === undefined) continue;
          const bytes = new Uint8Array(readFileSync(join(dir, header)));
          worst = Math.max(worst, check({ bytes, fileName: header, readSibling: siblings(dir, { name: basename(path), bytes: m.bytes }) }, label));
        } else {
          worst = Math.max(worst, check({ bytes: m.bytes, fileName: basename(path), readSibling: siblings(dir) }, label));
        }
      }
      expect(cases.length).toBeGreaterThanOrEqual(40);
      expect(worst).toBeLessThan(MAX_MS_PER_CASE);
    });
  }
});
