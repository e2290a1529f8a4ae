/**
 * The change test on the reference pack's real embeddings: the simulated behaviour cohort has, for several
 * subjects, a clean ECG and a noisy copy of the same ECG (the same heart: nothing changed), and subjects whose
 * simulated LVEF differs by 30 points (a real change). tests/fixtures/sim/expected.json says which is which.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelChannels } from '../../../../src-main/contract/model';
import { createModelHandlers } from '../../../../src-main/core/api/model-handlers';
import { readEcgFile } from '../../../../src-main/core/ecg/index';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { type LoadedEchoingModel, loadModel } from '../../../../src-main/core/model/model';
import type { PredictionResult } from '../../../../src-main/core/model/types';
import { REFERENCE_PACK, ROOT } from './helpers';

const SIM = join(ROOT, 'tests/fixtures/sim');
interface Expected {
  records: { record: string; lvef: number; noisyRecord?: string }[];
}
const expected = JSON.parse(readFileSync(join(SIM, 'expected.json'), 'utf8')) as Expected;

let model: LoadedEchoingModel;
const results = new Map<string, PredictionResult>();
beforeAll(async () => {
  model = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
  const names = expected.records.flatMap((r) => [r.record, ...(r.noisyRecord ? [r.noisyRecord] : [])]);
  const preds = await model.predictBatch(await Promise.all(names.map((n) => readEcgFile(join(SIM, n)))));
  names.forEach((n, i) => results.set(n, preds[i] as PredictionResult));
});
afterAll(async () => {
  await model?.dispose();
});

const change = (a: string, b: string) => model.compareEmbeddings((results.get(a) as PredictionResult).embedding, (results.get(b) as PredictionResult).embedding);

describe('change between two ECGs on the reference pack', () => {
  it('tests on the library directions that hold 95 % of its spread', () => {
    const c = change(expected.records[0]?.record as string, expected.records[1]?.record as string);
    expect(c.basis).toBe('library');
    expect(c.dimensions).toBeGreaterThan(1);
    expect(c.dimensions).toBeLessThanOrEqual(16);
    expect(c.explainedVariance).toBeGreaterThanOrEqual(0.95);
  });

  it('never calls a clean ECG and its noisy copy changed', () => {
    const pairs = expected.records.filter((r) => r.noisyRecord);
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    for (const r of pairs) {
      const c = change(r.record, r.noisyRecord as string);
      expect(c.changed, r.record).toBe(false);
      expect(c.ratio).toBeLessThan(1);
    }
  });

  it('calls ECGs whose LVEF differs by 30 points or more changed in most pairs', () => {
    const recs = expected.records;
    const far: [string, string][] = [];
    for (const a of recs) for (const b of recs) if (a.record < b.record && Math.abs(a.lvef - b.lvef) >= 30) far.push([a.record, b.record]);
    const changed = far.filter(([a, b]) => change(a, b).changed).length;
    expect(far.length).toBeGreaterThan(10);
    expect(changed / far.length).toBeGreaterThan(0.7);
  });

  it('answers model:change through the handler, and refuses embeddings of another size', async () => {
    const bundled = mkdtempSync(join(tmpdir(), 'echoing-change-bundled-'));
    cpSync(REFERENCE_PACK, join(bundled, 'reference'), { recursive: true });
    const h = createModelHandlers({ transport: 'web', files: new FileRegistry(), dataDir: mkdtempSync(join(tmpdir(), 'echoing-change-data-')), bundledModelsDir: bundled });
    const dto = (name: string) => {
      const e = (results.get(name) as PredictionResult).embedding;
      return { mean: Array.from(e.mean), logvar: Array.from(e.logvar) };
    };
    const pair = expected.records.find((r) => r.noisyRecord) as Expected['records'][number];
    const req = modelChannels['model:change'].request.parse({ a: dto(pair.record), b: dto(pair.noisyRecord as string) });
    const c = await h['model:change'](req, { emit: () => undefined });
    expect(c).toEqual(change(pair.record, pair.noisyRecord as string));
    const short = modelChannels['model:change'].request.parse({ a: { mean: [0, 1], logvar: [0, 0] }, b: { mean: [0, 1], logvar: [0, 0] } });
    await expect(h['model:change'](short, { emit: () => undefined })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(() => modelChannels['model:change'].request.parse({ a: { mean: [Number.NaN], logvar: [0] }, b: { mean: [0], logvar: [0] } })).toThrow();
  });
});
