import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { mergeShards } from '../../../../src-main/core/cohort/merge';
import { runScoring } from '../../../../src-main/core/cohort/scorer';
import { recordShard } from '../../../../src-main/core/cohort/shard';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import type { EchoingModel } from '../../../../src-main/core/model/types';
import { writeVariedCohort } from './cohort-fixtures';
import { cohortOutputs } from './db-compare';
import { fakeModel } from './fake-model';

const root = mkdtempSync(join(tmpdir(), 'cohort-merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = join(root, 'ecgs');
writeVariedCohort(folder, 14);
writeFileSync(join(folder, 'broken.dcm'), 'not a DICOM file');
const source = { kind: 'folder', path: folder } as const;

async function score(db: string, model: EchoingModel, shard?: { index: number; count: number }) {
  const store = CohortStore.open(db);
  try {
    if (shard) recordShard(store.db, { ...shard, modelId: model.summary.id, modelVersion: model.summary.version, modelSha256: null });
    const cohortId = store.cohortByName('archive', 'test').id;
    return await runScoring({
      store, cohortId, source, model, readEcg: readEcgFile, jobId: db, batchSize: 4,
      ...(shard ? { shard: { ...shard, by: 'content' as const } } : {}),
    });
  } finally {
    store.close();
  }
}

const count = (db: string, sql: string): number => {
  const s = CohortStore.open(db);
  try {
    return (s.db.prepare(sql).all()[0] as { n: number }).n;
  } finally {
    s.close();
  }
};

describe('cohort merge', () => {
  const single = join(root, 'single.db');
  const shards = [0, 1, 2, 3].map((i) => join(root, `c.shard-${i + 1}-of-4.db`));
  const target = join(root, 'merged.db');

  it('scores 4 disjoint content shards whose union is the single run', async () => {
    const whole = await score(single, fakeModel());
    expect(whole).toMatchObject({ processed: 15, scored: 14, failed: 1 });
    const parts = [];
    for (const [i, db] of shards.entries()) parts.push(await score(db, fakeModel(), { index: i, count: 4 }));
    expect(parts.reduce((n, p) => n + p.processed, 0)).toBe(15);
    expect(parts.every((p) => p.total === p.processed)).toBe(true);
    const seen = new Set<string>();
    for (const db of shards) {
      for (const r of cohortOutputs(db).files as { sha256: string }[]) {
        expect(seen.has(r.sha256)).toBe(false);
        seen.add(r.sha256);
      }
    }
    expect(seen.size).toBe(15);
  });

  it('merges them into the single run row for row, and a second merge adds nothing', () => {
    const store = CohortStore.open(target);
    try {
      const first = mergeShards(store, shards, { actor: 'test' });
      expect(first.shards.map((s) => s.status)).toEqual(['merged', 'merged', 'merged', 'merged']);
      expect(first.shards.reduce((n, s) => n + s.added, 0)).toBe(14);
      expect(first.shards.reduce((n, s) => n + s.failed, 0)).toBe(1);
      expect(first.missing).toEqual([]);
      const again = mergeShards(store, shards, { actor: 'test' });
      expect(again.shards.map((s) => [s.added, s.files, s.auditCopied])).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
      expect(again.shards.reduce((n, s) => n + s.skipped, 0)).toBe(14);
    } finally {
      store.close();
    }
    expect(cohortOutputs(target)).toEqual(cohortOutputs(single));
    expect(count(target, 'SELECT COUNT(*) AS n FROM predictions')).toBe(14);
  });

  it('keeps each shard audit entry once, with its shard of origin and ids of the merged database', () => {
    const store = CohortStore.open(target);
    try {
      const rows = store.db.prepare("SELECT entity, entity_id, origin FROM audit_log WHERE origin IS NOT NULL ORDER BY id").all() as {
        entity: string; entity_id: string; origin: string;
      }[];
      expect(rows).toHaveLength(4); // each shard created its cohort once
      expect(rows.map((r) => r.origin.split(' (')[0])).toEqual([1, 2, 3, 4].map((k) => `shard ${k}/4 c.shard-${k}-of-4.db`));
      const cohortId = String(store.listCohorts()[0]?.id);
      expect(rows.every((r) => r.entity === 'cohort' && r.entity_id === cohortId)).toBe(true);
      const merges = store.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'merge' AND origin IS NULL").all()[0] as { n: number };
      expect(merges.n).toBe(8);
    } finally {
      store.close();
    }
  });

  it('refuses a shard scored with another model version, and one mixing versions, and merges the rest', async () => {
    const other = join(root, 'other.shard-1-of-1.db');
    await score(other, fakeModel('2.0.0'), { index: 0, count: 1 });
    const mixed = join(root, 'mixed.db');
    await score(mixed, fakeModel('1.0.0'));
    // Drop half of the results and score again with another version into the same database.
    const s = CohortStore.open(mixed);
    s.db.exec("DELETE FROM prediction_heads WHERE prediction_id IN (SELECT id FROM predictions WHERE substr(sha256, 1, 1) < '8'); DELETE FROM predictions WHERE substr(sha256, 1, 1) < '8'");
    s.close();
    await score(mixed, fakeModel('1.5.0'));
    const fresh = join(root, 'fresh.db');
    const store = CohortStore.open(fresh);
    try {
      const r = mergeShards(store, [shards[0] as string, other, mixed], { actor: 'test' });
      expect(r.shards.map((x) => [x.status, x.reason?.code])).toEqual([['merged', undefined], ['refused', 'MERGE_MODEL_MISMATCH'], ['refused', 'MERGE_MODEL_MISMATCH']]);
      expect(r.shards[1]?.reason?.message).toContain('fake-engine 2.0.0');
      expect(r.shards[2]?.reason?.message).toMatch(/2 model versions/);
      expect(r.missing).toEqual(['2/4', '3/4', '4/4']);
      const versions = store.db.prepare('SELECT DISTINCT model_version AS v FROM predictions').all() as { v: string }[];
      expect(versions.map((v) => v.v)).toEqual(['1.0.0']);
      // A target holding 1.0.0 refuses a 2.0.0 shard on its own too.
      expect(mergeShards(store, [other], { actor: 'test' }).shards[0]?.status).toBe('refused');
      expect(mergeShards(store, [fresh], { actor: 'test' }).shards[0]?.reason?.code).toBe('MERGE_SOURCE_INVALID');
    } finally {
      store.close();
    }
  });

  it('copies tables a later migration adds by their keys, without naming them (and names what it cannot place)', async () => {
    const extra = `
      CREATE TABLE IF NOT EXISTS embeddings_test (prediction_id INTEGER NOT NULL REFERENCES predictions(id), dim INTEGER NOT NULL, mean BLOB NOT NULL, PRIMARY KEY (prediction_id, dim));
      CREATE TABLE IF NOT EXISTS keyed_test (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, model_id TEXT NOT NULL, model_version TEXT NOT NULL, note TEXT);
      CREATE TABLE IF NOT EXISTS loose_test (x TEXT);`;
    const shard = join(root, 'extra.shard-1-of-1.db');
    await score(shard, fakeModel(), { index: 0, count: 1 });
    const s = CohortStore.open(shard);
    s.db.exec(extra);
    s.db.exec("INSERT INTO embeddings_test SELECT id, 0, randomblob(8) FROM predictions; INSERT INTO embeddings_test SELECT id, 1, randomblob(8) FROM predictions");
    s.db.exec("INSERT INTO keyed_test (sha256, model_id, model_version, note) SELECT sha256, model_id, model_version, 'n' FROM predictions LIMIT 3");
    s.db.exec("INSERT INTO loose_test VALUES ('a')");
    const expected = s.db.prepare('SELECT p.sha256, e.dim, hex(e.mean) AS m FROM embeddings_test e JOIN predictions p ON p.id = e.prediction_id ORDER BY 1, 2').all();
    s.close();
    const t = join(root, 'extra-target.db');
    const store = CohortStore.open(t);
    try {
      store.db.exec(extra);
      // The target already has one of the ECGs (another id): its embedding must stay, the others come over once.
      const r = mergeShards(store, [shard], { actor: 'test' });
      expect(r.shards[0]).toMatchObject({ status: 'merged', added: 14, tables: { embeddings_test: 28, keyed_test: 3 }, notMerged: ['loose_test'] });
      const got = store.db.prepare('SELECT p.sha256, e.dim, hex(e.mean) AS m FROM embeddings_test e JOIN predictions p ON p.id = e.prediction_id ORDER BY 1, 2').all();
      expect(got).toEqual(expected);
      const second = mergeShards(store, [shard], { actor: 'test' });
      expect(second.shards[0]?.tables).toMatchObject({ embeddings_test: 0, keyed_test: 0 });
    } finally {
      store.close();
    }
  });
});

describe('cohort merge, a shard that cannot be merged', () => {
  it('rolls that shard back whole, reports it, and merges the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohort-merge-fail-'));
    try {
      const good = join(dir, 'good.shard-1-of-2.db');
      const bad = join(dir, 'bad.shard-2-of-2.db');
      await score(good, fakeModel(), { index: 0, count: 2 });
      await score(bad, fakeModel(), { index: 1, count: 2 });
      // The target's version of a child table requires a column the shard's rows do not have.
      const s = CohortStore.open(bad);
      s.db.exec('CREATE TABLE child_test (prediction_id INTEGER NOT NULL REFERENCES predictions(id)); INSERT INTO child_test SELECT id FROM predictions');
      s.close();
      const store = CohortStore.open(join(dir, 'target.db'));
      try {
        store.db.exec('CREATE TABLE child_test (prediction_id INTEGER NOT NULL REFERENCES predictions(id), must TEXT NOT NULL)');
        const r = mergeShards(store, [bad, good], { actor: 'test' });
        expect(r.shards.map((x) => [x.status, x.reason?.code])).toEqual([['refused', 'DB_ERROR'], ['merged', undefined]]);
        const good1 = r.shards[1]?.added ?? 0;
        expect(good1).toBeGreaterThan(0);
        expect((store.db.prepare('SELECT COUNT(*) AS n FROM predictions').all()[0] as { n: number }).n).toBe(good1);
        expect(r.missing).toEqual(['2/2']);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
