import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../src-main/core/ecg';
import type { ReaderInput } from '../../../../src-main/core/ecg/format-reader';
import { classify, caseCount, FUZZ_SEED, fuzzInputs, fuzzTargets } from '../../../helpers/fuzz-cases';
import { mutations } from './mutate';

/**
 * Every fixture of every format, mutated (byte flips, insertions, deletions, truncations at many points,
 * numeric fields rewritten, binary lengths set to damaged values): the readers must either give a plausible
 * record (25-20,000 Hz, at most 24 h, usable leads finite and within +-50 mV) or throw a CoreError with a stable
 * code other than INTERNAL, within bounded time. WFDB records are fuzzed through the header and through the
 * signal file. bench/fuzz.bench.ts prints the same cases' figures (and peak memory per file size).
 */
const targets = fuzzTargets();

function check(input: ReaderInput, label: string): number {
  const r = classify(input);
  expect(r.outcome, `${label}: ${r.detail ?? ''}`).toMatch(/^(record|coded)$/);
  return r.ms;
}

describe('reader fuzz (fixed seed)', () => {
  it('covers every format with at least 5,000 cases', () => {
    const formats = new Set(targets.map((t) => t.format));
    expect([...formats].sort()).toEqual(['csv', 'dicom', 'edf', 'ge-muse-xml', 'hl7-aecg', 'philips-sierra-xml', 'scp-ecg', 'wfdb']);
    const total = targets.reduce((n, t) => n + caseCount(statSync(t.path).size), 0);
    expect(total).toBeGreaterThanOrEqual(5000);
  });

  for (const [index, target] of targets.entries()) {
    it(`${target.rel}: mutated inputs give a plausible record or a coded error`, () => {
      let cases = 0;
      for (const { label, input } of fuzzInputs(target, FUZZ_SEED + index)) {
        check(input, label);
        cases += 1;
      }
      expect(cases).toBeGreaterThanOrEqual(150);
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
      for (const m of mutations(src, 200, FUZZ_SEED + 1000 * seed)) {
        const bytes = target === 'master' ? m.bytes : master;
        const readSibling = (n: string) => (n === target ? m.bytes : files[n]);
        check({ bytes, fileName: 'ms.hea', readSibling }, `multi-segment ${target} ${m.kind}`);
      }
    }
  });
});
