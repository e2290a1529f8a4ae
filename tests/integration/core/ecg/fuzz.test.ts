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

describe('reader fuzz: synthetic multi-segment WFDB record (fixed seed)', () => {
  const text = (t: string) => new Uint8Array(Buffer.from(t, 'latin1'));
  const files: Record<string, Uint8Array> = {
    'ms_layout.hea': text('ms_layout 2 250 0\n~ 0 200/mV 16 0 0 0 0 II\n~ 0 200/mV 16 0 0 0 0 V5\n'),
    'ms_0001.hea': text('ms_0001 2 250 4\nms_0001.dat 212 200/mV 12 0 0 0 0 II\nms_0001.dat 212 200/mV 12 0 0 0 0 V5\n'),
    'ms_0001.dat': Uint8Array.from([1, 0x20, 3, 4, 0x50, 6, 7, 0x80, 9, 10, 0xb0, 12]),
    'ms_0003.hea': text('ms_0003 1 250 3\nms_0003.dat 16 200/mV 16 0 0 0 0 II\n'),
    'ms_0003.dat': Uint8Array.from([1, 0, 2, 0, 3, 0]),
  };
  const master = text('ms/4 2 250 9\nms_layout 0\nms_0001 4\n~ 2\nms_0003 3\n');

  it('mutated master and segment headers give a record or a coded error', () => {
    expect(readEcgBytes({ bytes: master, readSibling: (n) => files[n] }).groups[0]!.leads[0]!.samples).toHaveLength(9);
    for (const [target, seed] of [['master', 1], ['ms_0001.hea', 2], ['ms_0003.hea', 3], ['ms_0001.dat', 4]] as const) {
      const src = target === 'master' ? master : (files[target] as Uint8Array);
      for (const m of mutations(src, 200, SEED + 1000 * seed)) {
        const bytes = target === 'master' ? m.bytes : master;
        const readSibling = (n: string) => (n === target ? m.bytes : files[n]);
        check({ bytes, fileName: 'ms.hea', readSibling }, `multi-segment ${target} ${m.kind}`);
      }
    }
  });
});
