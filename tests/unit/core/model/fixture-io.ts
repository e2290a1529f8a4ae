import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads the scipy preprocessing fixtures written by models/tools/make_preprocess_fixtures.py. */
export const PREPROCESS_DIR = join(__dirname, '../../../fixtures/preprocess');

export interface FixtureFile {
  file: string;
  shape: number[];
}

export interface PreprocessCase {
  id: string;
  sampleRateHz: number;
  samples: number;
  startSample: number;
  files: Record<'input' | 'sos' | 'filtered' | 'resampled' | 'scaled', FixtureFile>;
  ranges: Record<'filtered' | 'resampled' | 'scaled', number>;
}

export interface PreprocessIndex {
  leads: string[];
  scaler: { mean: number[]; scale: number[] };
  cases: PreprocessCase[];
}

export function readIndex(): PreprocessIndex {
  return JSON.parse(readFileSync(join(PREPROCESS_DIR, 'index.json'), 'utf8')) as PreprocessIndex;
}

export function readF64(f: FixtureFile): Float64Array {
  const b = readFileSync(join(PREPROCESS_DIR, f.file));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Largest absolute difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs((a[i] as number) - (b[i] as number)));
  return e;
}
