import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { runScoring } from '../../../../src-main/core/cohort/scorer';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { CoreError, toErrorValue } from '../../../../src-main/core/errors';
import type { PredictionOutcome } from '../../../../src-main/core/model/types';
import { aecgWithDigit } from '../../../helpers/hostile';
import { writeVariedCohort } from './cohort-fixtures';
import { fakeModel } from './fake-model';

/**
 * One poisoned file in a cohort (issue 11): the 1e30 aECG, a record that breaks its whole model batch, an item the
 * store refuses. Every time the cohort finishes in one run: the bad file recorded with its code, all others scored.
 */
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cohort-poison-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const count = (store: CohortStore, sql: string) => (store.db.prepare(sql).get() as { n: number }).n;

function cohortWithPoison(n: number): { folder: string; poison: string } {
  const folder = join(tmp(), 'ecgs');
  writeVariedCohort(folder, n - 1);
  const poison = join(folder, 'batch-000', 'poisoned-aecg.xml');
  writeFileSync(poison, aecgWithDigit('1e30'));
  return { folder, poison };
}

const isPoison = (r: EcgRecord) => r.format === 'hl7-aecg';

describe('a cohort with one poisoned file', () => {
  it('400 files with the 1e30 aECG: 399 scored and one recorded failure, in one run', async () => {
    const { folder } = cohortWithPoison(400);
    const store = CohortStore.open(join(folder, '..', 'c.db'));
    const cohort = store.createCohort('P', '', 'test');
    // The fake engine has no plausibility checks of its own: the NaN it makes of the unusable lead must be
    // stopped before the store (without the checks the whole batch failed to commit, run after run).
    const end = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'p', batchSize: 16,
    });
    expect(end).toMatchObject({ state: 'done', total: 400, scored: 399, failed: 1 });
    const failed = store.db.prepare('SELECT file_name, error_code FROM ecg_files WHERE error_code IS NOT NULL').all();
    expect(failed).toEqual([{ file_name: 'poisoned-aecg.xml', error_code: 'NON_FINITE_OUTPUT' }]);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(399);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions WHERE risk IS NULL OR uncertainty_score IS NULL')).toBe(0);
    store.close();
  });

  it('a batch the model fails as a whole is retried record by record', async () => {
    const { folder } = cohortWithPoison(40);
    const store = CohortStore.open(join(folder, '..', 'c.db'));
    const cohort = store.createCohort('P', '', 'test');
    const base = fakeModel();
    const model = {
      ...base,
      // The runtime's settled batch, failing whole when the batch holds the poisoned record.
      predictSettled: async (records: EcgRecord[]): Promise<PredictionOutcome[]> => {
        if (records.some(isPoison)) throw new CoreError('INFERENCE_FAILED', 'The session run failed.');
        return Promise.all(records.map((r) => base.predict(r).then((result) => ({ ok: true as const, result }), (e: unknown) => ({ ok: false as const, error: toErrorValue(e) }))));
      },
    };
    const end = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model, readEcg: (p) => readEcgFile(p), jobId: 'p', batchSize: 8,
    });
    expect(end).toMatchObject({ state: 'done', scored: 39, failed: 1 });
    expect(store.db.prepare('SELECT error_code FROM ecg_files WHERE error_code IS NOT NULL').all()).toEqual([{ error_code: 'INFERENCE_FAILED' }]);
    store.close();
  });

  it('an item the store refuses is recorded as that file failure; the rest of its batch is committed', async () => {
    const { folder } = cohortWithPoison(40);
    const store = CohortStore.open(join(folder, '..', 'c.db'));
    const cohort = store.createCohort('P', '', 'test');
    const commit = store.commitBatch.bind(store);
    store.commitBatch = (...args: Parameters<CohortStore['commitBatch']>) => {
      if (args[3].some((i) => i.kind === 'scored' && i.file.fileName === 'poisoned-aecg.xml')) throw new CoreError('DB_ERROR', 'The cohort database refused the change; nothing was saved.');
      commit(...args);
    };
    // A model that scores the poisoned record without complaint, so only the store stands in the way.
    const base = fakeModel();
    const model = { ...base, predictBatch: (records: EcgRecord[]) => base.predictBatch(records.map((r) => (isPoison(r) ? { ...r, groups: [{ ...r.groups[0]!, leads: r.groups[0]!.leads.map((l) => ({ ...l, samples: new Float32Array(l.samples.length) })) }] } : r))) };
    const end = await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model, readEcg: (p) => readEcgFile(p), jobId: 'p', batchSize: 8,
    });
    expect(end).toMatchObject({ state: 'done', scored: 39, failed: 1 });
    expect(store.db.prepare('SELECT file_name, error_code FROM ecg_files WHERE error_code IS NOT NULL').all()).toEqual([{ file_name: 'poisoned-aecg.xml', error_code: 'DB_ERROR' }]);
    expect(count(store, 'SELECT COUNT(*) AS n FROM predictions')).toBe(39);
    store.close();
  });

  it('a store that refuses everything stops the job with its code (not one failure per file)', async () => {
    const { folder } = cohortWithPoison(20);
    const store = CohortStore.open(join(folder, '..', 'c.db'));
    const cohort = store.createCohort('P', '', 'test');
    store.commitBatch = () => {
      throw new CoreError('DB_READ_ONLY', 'The cohort database is read-only.');
    };
    await expect(
      runScoring({ store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'p', batchSize: 8 }),
    ).rejects.toMatchObject({ code: 'DB_READ_ONLY' });
    store.close();
  });
});
