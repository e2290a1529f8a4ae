/**
 * The adapt channels through their handlers (the app's path, the adaptation in a worker thread run from
 * sources): targets, start with progress events, cancel, result, save as a pack that model:list then shows;
 * and cohort:rescore, which gives ECGs scored before embeddings were stored their embeddings.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptProgress, EventName } from '../../../../src-main/contract';
import { adaptWorkerLauncher } from '../../../../src-main/core/adapt/jobs';
import { createAdaptHandlers } from '../../../../src-main/core/api/adapt-handlers';
import { createCohortHandlers } from '../../../../src-main/core/api/cohort-handlers';
import { createModelHandlers } from '../../../../src-main/core/api/model-handlers';
import type { HandlerContext } from '../../../../src-main/core/api/types';
import { inProcessLauncher } from '../../../../src-main/core/cohort/jobs';
import type { JobProgress } from '../../../../src-main/core/cohort/types';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { loadPackData } from '../../../../src-main/core/model/pack/load';
import { loadAdaptFixture, seedAdaptCohort } from '../../../helpers/adapt-cohort';

const ROOT = join(__dirname, '../../../..');
const WORKER = join(ROOT, 'src-main/core/adapt/worker.ts');

let root: string;
let cohortId: number;
const progress: AdaptProgress[] = [];
const ctx: HandlerContext = {
  emit: ((name: EventName, payload: AdaptProgress) => {
    if (name === 'adapt:progress') progress.push(payload);
  }) as HandlerContext['emit'],
};
const deps = () => ({ transport: 'web' as const, files: new FileRegistry(), dataDir: join(root, 'data'), bundledModelsDir: join(ROOT, 'models') });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'adapt-handlers-'));
  const store = CohortStore.open(join(root, 'data', 'cohorts.db'));
  // 300 ECGs of 150 patients: enough for every method, quick enough for a worker on a loaded machine.
  cohortId = seedAdaptCohort(store, loadAdaptFixture('shift'), await loadPackData(join(ROOT, 'models/reference')), { dir: root, name: 'Hospital B', records: 300 });
  store.close();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function until(jobId: string, states: AdaptProgress['state'][]): Promise<AdaptProgress> {
  for (;;) {
    const p = progress.filter((x) => x.jobId === jobId).at(-1);
    if (p && states.includes(p.state)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('adapt channels', { timeout: 600_000 }, () => {
  it('lists targets, runs in a worker with progress, reports, saves a pack that model:list shows and activates', async () => {
    const h = createAdaptHandlers(deps(), { launcher: adaptWorkerLauncher(WORKER) });
    const targets = await h['adapt:targets']({ cohortId }, ctx);
    expect(targets).toMatchObject({ modelId: 'echoingecg-reference-sim', missingEmbeddings: 0 });
    expect(targets.columns.find((c) => c.column === 'lvef')).toMatchObject({ kind: 'continuous', n: 300, withEmbeddings: 300 });
    const { jobId: id } = await h['adapt:start']({ cohortId, target: { column: 'lvef', below: 40 }, methods: ['recalibrate', 'fewshot'], site: 'Hospital B' }, ctx);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const end = await until(id, ['done', 'failed', 'cancelled']);
    expect(end.error).toBeUndefined();
    expect(end.state).toBe('done');
    const fractions = progress.filter((p) => p.jobId === id && p.state === 'running').map((p) => p.fraction);
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.every((f, i) => i === 0 || f >= (fractions[i - 1] as number))).toBe(true);
    const report = await h['adapt:result']({ jobId: id }, ctx);
    expect(report.adapted.map((e) => e.method)).toEqual(['recalibrate', 'fewshot']);
    const pack = await h['adapt:save']({ jobId: id }, ctx);
    expect(pack).toMatchObject({ id: 'echoingecg-reference-sim-hospital-b', source: 'user', adaptedFrom: { site: 'Hospital B', id: 'echoingecg-reference-sim' } });
    expect(pack).not.toHaveProperty('dir');
    await expect(Promise.resolve().then(() => h['adapt:save']({ jobId: id }, ctx))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const models = createModelHandlers(deps());
    const list = await models['model:list']({}, ctx);
    expect(list.packs.map((p) => p.id)).toContain(pack.id);
    const active = await models['model:activate']({ id: pack.id }, ctx);
    expect(active.active).toBe(true);
  });

  it('cancels a running adaptation; refuses a target the labels do not have', async () => {
    const h = createAdaptHandlers(deps(), { launcher: adaptWorkerLauncher(WORKER) });
    const { jobId } = await h['adapt:start']({ cohortId, target: { column: 'lvedv' }, methods: ['recalibrate', 'fewshot', 'knn'] }, ctx);
    await until(jobId, ['running']);
    expect(await h['adapt:cancel']({ jobId }, ctx)).toEqual({ cancelled: true });
    const end = await until(jobId, ['done', 'failed', 'cancelled']);
    expect(end.state).toBe('cancelled');
    await expect(Promise.resolve().then(() => h['adapt:result']({ jobId }, ctx))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const bad = await h['adapt:start']({ cohortId, target: { column: 'nope' }, methods: ['fewshot'] }, ctx);
    const failed = await until(bad.jobId, ['done', 'failed', 'cancelled']);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'ADAPT_TARGET_INVALID' } });
  });
});

describe('cohort:rescore', () => {
  it('rescores the ECGs whose embedding is missing and leaves the others alone', async () => {
    const dataDir = join(root, 'rescore');
    const ecgs = join(root, 'rescore-ecgs');
    cpSync(join(ROOT, 'tests/fixtures/sim'), ecgs, { recursive: true });
    const files = new FileRegistry();
    const d = { transport: 'web' as const, files, dataDir, bundledModelsDir: join(ROOT, 'models') };
    const cohorts = createCohortHandlers(d, { launcher: inProcessLauncher });
    const events: JobProgress[] = [];
    const c2: HandlerContext = { emit: ((n: EventName, p: JobProgress) => n === 'cohort:progress' && events.push(p)) as HandlerContext['emit'] };
    const cohort = await cohorts['cohort:create']({ name: 'Old', description: '' }, c2);
    const { jobId } = await cohorts['cohort:import']({ cohortId: cohort.id, folderToken: files.handOut(ecgs, 'folder').token }, c2);
    while (!events.some((e) => e.jobId === jobId && e.state === 'done')) await new Promise((r) => setTimeout(r, 100));
    // As if scored before migration 2: the predictions stay, the embeddings of 5 ECGs are gone.
    const store = CohortStore.open(join(dataDir, 'cohorts.db'));
    const before = store.db.prepare('SELECT sha256, mean FROM embeddings ORDER BY sha256 LIMIT 5').all() as { sha256: string; mean: ArrayBuffer }[];
    const del = store.db.prepare('DELETE FROM embeddings WHERE sha256 = ?');
    for (const b of before) del.run(b.sha256);
    const predictions = (store.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
    const adapt = createAdaptHandlers(d);
    expect((await adapt['adapt:targets']({ cohortId: cohort.id }, c2)).missingEmbeddings).toBe(0);
    const r = await cohorts['cohort:rescore']({ cohortId: cohort.id }, c2);
    expect(r.files).toBe(5);
    while (!events.some((e) => e.jobId === r.jobId && e.state === 'done')) await new Promise((res) => setTimeout(res, 100));
    const done = events.filter((e) => e.jobId === r.jobId).at(-1);
    expect(done).toMatchObject({ state: 'done', scored: 5, skipped: 0 });
    const after = store.db.prepare('SELECT sha256, mean FROM embeddings ORDER BY sha256 LIMIT 5').all() as { sha256: string; mean: ArrayBuffer }[];
    expect(after.map((a) => a.sha256)).toEqual(before.map((b) => b.sha256));
    for (let i = 0; i < 5; i++) expect(Buffer.from(after[i]?.mean as ArrayBuffer).equals(Buffer.from(before[i]?.mean as ArrayBuffer))).toBe(true);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(predictions);
    expect(await cohorts['cohort:rescore']({ cohortId: cohort.id }, c2)).toEqual({ jobId: null, files: 0 });
    store.close();
  });
});
