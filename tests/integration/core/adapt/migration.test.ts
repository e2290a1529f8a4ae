/** Cohort migration 2 on a database written at version 1: predictions kept, no embeddings yet, so scoring adds them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCohortDb, schemaVersion } from '../../../../src-main/core/cohort/db';
import { MIGRATIONS } from '../../../../src-main/core/cohort/migrations';
import { CohortStore } from '../../../../src-main/core/cohort/store';

const dir = mkdtempSync(join(tmpdir(), 'adapt-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cohort migration 2', () => {
  it('adds the embeddings table and the label values; an old prediction is no longer "done" until its embedding is stored', () => {
    const path = join(dir, 'old.db');
    const v1 = openCohortDb(path, MIGRATIONS.filter((m) => m.version === 1));
    v1.prepare(
      `INSERT INTO predictions (sha256, model_id, model_version, execution_provider, window_start_s, window_duration_s, window_padded_s,
       queue, uncertainty_score, uncertainty_percentile, uncertainty_level, abstain, heads_json, created_at)
       VALUES ('abc', 'm', '1', 'cpu', 0, 10, 0, 'negative', 0.1, 10, 'low', 0, '[]', 'now')`,
    ).run();
    v1.close();
    const store = CohortStore.open(path);
    expect(schemaVersion(store.db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(1);
    expect(store.isDone('abc', 'm', '1')).toBe(false);
    store.db.prepare("INSERT INTO embeddings (sha256, model_id, model_version, dim, mean, logvar, created_at) VALUES ('abc', 'm', '1', 0, x'', x'', 'now')").run();
    expect(store.isDone('abc', 'm', '1')).toBe(true);
    const cols = (store.db.prepare('PRAGMA table_info(labels)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('values_json');
    store.close();
  });

  it('is applied to a database that already has a later version (versions reserved out of order)', () => {
    const path = join(dir, 'later.db');
    const without2 = openCohortDb(path, MIGRATIONS.filter((m) => m.version !== 2));
    expect(without2.prepare("SELECT name FROM sqlite_master WHERE name = 'embeddings'").get()).toBeUndefined();
    without2.close();
    const store = CohortStore.open(path);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'embeddings'").get()).toBeDefined();
    expect((store.db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    store.close();
  });
});

describe('embeddings in a shard merge', () => {
  it('are merged with their predictions (content-keyed table), so a merged cohort can be adapted', async () => {
    const { mergeShards } = await import('../../../../src-main/core/cohort/merge');
    const { loadPackData } = await import('../../../../src-main/core/model/pack/load');
    const { loadAdaptFixture, seedAdaptCohort } = await import('../../../helpers/adapt-cohort');
    const pack = await loadPackData(join(__dirname, '../../../../models/reference'));
    const shardPath = join(dir, 'shard.db');
    const shard = CohortStore.open(shardPath);
    seedAdaptCohort(shard, loadAdaptFixture('shift'), pack, { dir, name: 'site', records: 30 });
    shard.close();
    const target = CohortStore.open(join(dir, 'merged.db'));
    const report = mergeShards(target, [shardPath], { actor: 'test' });
    expect(report.shards[0]).toMatchObject({ status: 'merged', added: 30 });
    expect(report.shards[0]?.tables.embeddings).toBe(30);
    expect((target.db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE dim = 512').get() as { n: number }).n).toBe(30);
    target.close();
  });
});
