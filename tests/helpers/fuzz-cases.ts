/**
 * The reader mutation fuzz, shared by the test (tests/integration/core/ecg/fuzz.test.ts) and the figures bench
 * (bench/fuzz.bench.ts): every committed fixture of every format, mutated with a fixed seed, each case sorted
 * into what a user would see: a plausible record, a coded refusal, or a failure (crash, hang, uncoded error,
 * absurd values accepted).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { readEcgBytes } from '../../src-main/core/ecg';
import type { ReaderInput } from '../../src-main/core/ecg/format-reader';
import { MAX_AMPLITUDE_UV, MAX_DURATION_S, MAX_SAMPLE_RATE_HZ, MIN_SAMPLE_RATE_HZ } from '../../src-main/core/ecg/plausibility';
import { type EcgRecord, groupDurationS, rhythmGroup } from '../../src-main/core/ecg/record';
import { CoreError } from '../../src-main/core/errors';
import { mutations } from '../integration/core/ecg/mutate';

export const FUZZ_SEED = 20261124;
/** A case slower than this is a hang. */
export const HANG_MS = 5000;
export const FIXTURE_ROOT = join(__dirname, '../fixtures/ecg');
const SIGNAL_FILE = /\.(dat|mat)$/i;

/** One fixture the fuzz mutates: its path, format folder, and whether it is a WFDB signal file. */
export interface FuzzTarget {
  path: string;
  rel: string;
  format: string;
  signalFile: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every ECG fixture (sidecars and annotations excluded), WFDB signal files as targets of their own. */
export function fuzzTargets(root = FIXTURE_ROOT): FuzzTarget[] {
  return walk(root)
    .filter((p) => !/\.(json|md|atr)$/i.test(p) && basename(p) !== '.gitattributes')
    .sort()
    .map((path) => {
      const rel = relative(root, path);
      return { path, rel, format: rel.split('/')[0] as string, signalFile: SIGNAL_FILE.test(path) };
    });
}

/** Fewer cases for big files so the whole run stays near two minutes on one core; 6,000+ cases in all. */
export function caseCount(size: number): number {
  return Math.max(150, Math.min(400, Math.round(4_000_000 / Math.max(size, 1))));
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

/** The reader inputs of one target's mutations (a WFDB signal file is read through its unchanged header). */
export function* fuzzInputs(target: FuzzTarget, seed: number): Generator<{ label: string; input: ReaderInput }> {
  const src = new Uint8Array(readFileSync(target.path));
  const dir = dirname(target.path);
  // Headerless CSV exports need the rate from the user: given, so the fuzz reaches the decoding itself.
  const hints = target.format === 'csv' ? { sampleRateHz: 500 } : undefined;
  const header = target.signalFile ? readdirSync(dir).find((n) => /\.hea$/i.test(n)) : undefined;
  for (const m of mutations(src, caseCount(src.length), seed)) {
    const label = `${target.rel} ${m.kind}`;
    if (target.signalFile) {
      if (header === undefined) continue;
      const bytes = new Uint8Array(readFileSync(join(dir, header)));
      yield { label, input: { bytes, fileName: header, readSibling: siblings(dir, { name: basename(target.path), bytes: m.bytes }) } };
    } else {
      yield { label, input: { bytes: m.bytes, fileName: basename(target.path), readSibling: siblings(dir), ...(hints ? { hints } : {}) } };
    }
  }
}

/**
 * What is absurd about an accepted record, if anything: a rate outside 25-20,000 Hz, more than 24 h, a usable
 * lead with a non-finite sample or one beyond +-50 mV, an unusable lead still holding numbers, no usable lead
 * in the main group, an empty group or lead.
 */
export function absurdity(record: EcgRecord): string | undefined {
  if (record.groups.length === 0) return 'no group';
  for (const g of record.groups) {
    if (!(g.sampleRateHz >= MIN_SAMPLE_RATE_HZ && g.sampleRateHz <= MAX_SAMPLE_RATE_HZ)) return `rate ${g.sampleRateHz} Hz`;
    if (groupDurationS(g) > MAX_DURATION_S + 1 / g.sampleRateHz) return `duration ${groupDurationS(g)} s`;
    for (const l of g.leads) {
      if (l.samples.length === 0) return `empty lead ${l.name}`;
      for (const v of l.samples) {
        if (l.unusable !== undefined ? !Number.isNaN(v) : !(Math.abs(v) <= MAX_AMPLITUDE_UV)) return `lead ${l.name} holds ${v} uV`;
      }
    }
  }
  const main = rhythmGroup(record);
  if (main && main.leads.every((l) => l.unusable !== undefined)) return 'no usable lead';
  return undefined;
}

export type FuzzOutcome = 'record' | 'coded' | 'crash' | 'uncoded' | 'absurd' | 'hang';

export interface FuzzResult {
  outcome: FuzzOutcome;
  ms: number;
  /** The code of a coded refusal, or what went wrong (no patient data: fixtures only). */
  detail?: string;
}

/** Reads one input and sorts the result; never throws. */
export function classify(input: ReaderInput): FuzzResult {
  const start = performance.now();
  let result: Omit<FuzzResult, 'ms'>;
  try {
    const record = readEcgBytes(input);
    const absurd = absurdity(record);
    result = absurd === undefined ? { outcome: 'record' } : { outcome: 'absurd', detail: absurd };
  } catch (error) {
    if (!(error instanceof CoreError)) result = { outcome: 'crash', detail: String(error) };
    else if (error.code === 'INTERNAL' || error.message.length <= 10) result = { outcome: 'uncoded', detail: `${error.code}: ${error.message}` };
    else result = { outcome: 'coded', detail: error.code };
  }
  const ms = performance.now() - start;
  return ms > HANG_MS ? { outcome: 'hang', ms, detail: `${ms.toFixed(0)} ms` } : { ...result, ms };
}
