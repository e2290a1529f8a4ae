import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openCohortDb, schemaVersion } from '../../../../src-main/core/cohort/db';
import { MIGRATIONS } from '../../../../src-main/core/cohort/migrations';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { isCoreError } from '../../../../src-main/core/errors';

/** The highest migration version (versions are not consecutive while side-by-side migrations land). */
const NEWEST = Math.max(...MIGRATIONS.map((m) => m.version));

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cohort-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('cohort store', () => {
  it('opens in WAL mode and migrates idempotently', () => {
    const path = join(tmp(), 'c.db');
    const db = openCohortDb(path);
    expect((db.pragma('journal_mode') as { journal_mode: string }[])[0]?.journal_mode).toBe('wal');
    expect(schemaVersion(db)).toBe(NEWEST);
    expect(migrate(db)).toBe(NEWEST);
    db.prepare("INSERT INTO cohorts (name, created_at) VALUES ('a', 'now')").run();
    db.close();
    const again = openCohortDb(path);
    const versions = again.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number };
    expect(versions.n).toBe(MIGRATIONS.length);
    expect((again.prepare('SELECT COUNT(*) AS n FROM cohorts').get() as { n: number }).n).toBe(1);
    again.close();
  });

  it('re-queues stored high-uncertainty negative calls as uncertain when a database is upgraded', () => {
    const path = join(tmp(), 'old.db');
    const old = openCohortDb(path, MIGRATIONS.filter((m) => m.version === 1));
    const insert = old.prepare(
      `INSERT INTO predictions (sha256, model_id, model_version, execution_provider, window_start_s, window_duration_s,
       window_padded_s, risk_call, queue, uncertainty_score, uncertainty_percentile, uncertainty_level, abstain, heads_json, created_at)
       VALUES (?, 'm', '1', 'cpu', 0, 10, 0, ?, ?, 0.001, ?, ?, 0, '[]', 'now')`,
    );
    insert.run('a', 'negative', 'negative', 80, 'high');
    insert.run('b', 'negative', 'negative', 20, 'low');
    insert.run('c', 'positive', 'positive', 80, 'high');
    old.close();
    const db = openCohortDb(path);
    const queues = db.prepare('SELECT sha256, queue FROM predictions ORDER BY sha256').all();
    expect(queues).toEqual([
      { sha256: 'a', queue: 'uncertain' },
      { sha256: 'b', queue: 'negative' },
      { sha256: 'c', queue: 'positive' },
    ]);
    db.close();
  });

  it('rolls a failing migration back whole and keeps the data', () => {
    const path = join(tmp(), 'c.db');
    openCohortDb(path).close();
    const bad = [...MIGRATIONS, { version: 99, description: 'bad', sql: 'CREATE TABLE extra (x INTEGER); INSERT INTO nope VALUES (1);' }];
    const db = openCohortDb(path, MIGRATIONS);
    db.prepare("INSERT INTO cohorts (name, created_at) VALUES ('kept', 'now')").run();
    expect(() => migrate(db, bad)).toThrow();
    expect(schemaVersion(db)).toBe(NEWEST);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeUndefined();
    expect((db.prepare('SELECT COUNT(*) AS n FROM cohorts').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('refuses a database from a newer version without touching it', () => {
    const path = join(tmp(), 'c.db');
    const db = openCohortDb(path);
    db.prepare("INSERT INTO schema_version VALUES (999, 'future', 'now')").run();
    db.close();
    try {
      openCohortDb(path);
      expect.unreachable();
    } catch (error) {
      expect(isCoreError(error, 'DB_ERROR')).toBe(true);
    }
  });

  it('turns a non-database file into DB_ERROR and leaves its bytes alone', () => {
    const path = join(tmp(), 'not.db');
    writeFileSync(path, 'this is a text file, not SQLite '.repeat(200));
    expect(() => CohortStore.open(path)).toThrow(/cohort database/);
  });

  it('keeps the audit log append-only', () => {
    const store = CohortStore.open(join(tmp(), 'c.db'));
    const c = store.createCohort('Study A', '', 'tester');
    store.audit('tester', 'note', 'cohort', c.id, { k: 1 });
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    const rows = store.db.prepare('SELECT actor, action FROM audit_log ORDER BY id').all() as { actor: string; action: string }[];
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ['tester', 'create'],
      ['tester', 'note'],
    ]);
    store.close();
  });

  it('records overreads with the latest verdict and an audit entry, and refuses a bad verdict', () => {
    const store = CohortStore.open(join(tmp(), 'c.db'));
    const c = store.createCohort('Study B', '', 'tester');
    const fileId = store.ensureFile(c.id, { sha256: 'a'.repeat(64), path: '/x/a.dcm', fileName: 'a.dcm', sizeBytes: 10 });
    store.recordOverread(fileId, 'dr.b', 'disagree', 'looks normal');
    store.recordOverread(fileId, 'dr.b', 'agree', '');
    expect(() => store.recordOverread(fileId, 'dr.b', 'maybe' as 'agree', '')).toThrow();
    expect(() => store.recordOverread(9999, 'dr.b', 'agree', '')).toThrow(/not in the cohort/);
    const n = store.db.prepare('SELECT COUNT(*) AS n FROM overreads').get() as { n: number };
    expect(n.n).toBe(2);
    const audits = store.db.prepare("SELECT detail FROM audit_log WHERE action = 'overread'").all() as { detail: string }[];
    expect(audits).toHaveLength(2);
    expect(audits[0]?.detail).not.toContain('looks normal');
    expect(store.summary(c.id).overread).toBe(1);
    store.close();
  });
});

describe('migrations landing out of order', () => {
  it('applies a lower version that a database has not taken yet, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohort-store-order-'));
    try {
      const path = join(dir, 'c.db');
      const later = { version: NEWEST + 10, description: 'landed first', sql: 'CREATE TABLE landed_first (x INTEGER);' };
      const side = { version: NEWEST + 5, description: 'written beside it, landed second', sql: 'CREATE TABLE side_by_side (x INTEGER);' };
      openCohortDb(path, [...MIGRATIONS, later]).close();
      const db = openCohortDb(path, [...MIGRATIONS, side, later]);
      expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'side_by_side'").get()).toMatchObject({ n: 1 });
      expect(migrate(db, [...MIGRATIONS, side, later])).toBe(NEWEST + 10);
      expect((db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(MIGRATIONS.length + 2);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
