import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';

export const ROOT = join(__dirname, '../../../..');
export const REFERENCE_PACK = join(ROOT, 'models/reference');
export const MODEL_FIXTURES = join(ROOT, 'tests/fixtures/model');
const PREPROCESS = join(ROOT, 'tests/fixtures/preprocess');

export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A copy of the reference pack in a fresh temp folder (to corrupt). */
export function copyPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'echoing-pack-')), 'pack');
  cpSync(REFERENCE_PACK, dir, { recursive: true });
  return dir;
}

/** An EcgRecord (microvolts) from a scipy preprocessing fixture's input, e.g. 'fs500_10000ms_start0'. */
export function fixtureRecord(id: string, dropLeads: string[] = []): EcgRecord {
  const index = JSON.parse(readFileSync(join(PREPROCESS, 'index.json'), 'utf8')) as {
    leads: string[];
    cases: { id: string; sampleRateHz: number; files: { input: { file: string; shape: [number, number] } } }[];
  };
  const c = index.cases.find((k) => k.id === id);
  if (!c) throw new Error(`no fixture ${id}`);
  const b = readFileSync(join(PREPROCESS, c.files.input.file));
  const x = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const n = c.files.input.shape[1];
  return {
    format: 'csv',
    fields: [{ key: 'patientName', label: 'Patient', value: 'Test^Person', identifying: true }],
    measurements: {},
    statements: [],
    filters: {},
    warnings: [],
    groups: [
      {
        kind: 'rhythm',
        sampleRateHz: c.sampleRateHz,
        leads: index.leads
          .filter((name) => !dropLeads.includes(name))
          .map((name) => {
            const l = index.leads.indexOf(name);
            return { name, derived: false, samples: Float32Array.from(x.subarray(l * n, (l + 1) * n), (v) => v * 1000) };
          }),
      },
    ],
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs((a[i] as number) - (b[i] as number)));
  return e;
}
