import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { CoreError, storeErrorValue } from '../errors';
import { MIGRATIONS, type Migration } from './migrations';

/** The libsql connection type (better-sqlite3-compatible, synchronous). */
export type Db = Database.Database;

/** File name of the cohort store inside the user's data folder. */
export const COHORT_DB_FILE = 'cohorts.db';

/**
 * Opens (creating if needed) a cohort store: WAL so the scorer can write while the app reads, a busy
 * timeout so two connections wait for each other instead of failing, foreign keys on, then migrations.
 */
export function openCohortDb(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: 10 });
    // The busy timeout first: switching to WAL needs a lock that a scoring worker's connection may hold.
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw storeError(error, 'The cohort database could not be opened.');
  }
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The highest migration applied (0 for a new database). */
export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version').get() as { v: number };
  return row.v;
}

/**
 * Applies pending migrations in order, each in its own transaction together with its schema_version row,
 * so a failure leaves the database at the last complete version. Running it again is a no-op.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = schemaVersion(db);
    const newest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
    if (current > newest) {
      throw new CoreError('DB_ERROR', 'This cohort database was written by a newer version of the application; update the application to open it.');
    }
    const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    // By the versions recorded, not only the highest: migrations written side by side may land in either order
    // (a database that took 3 before 2 existed still gets 2).
    const applied = new Set((db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.description, new Date().toISOString());
      })();
    }
    return schemaVersion(db);
  } catch (error) {
    throw storeError(error, 'The cohort database could not be upgraded; it was left as it was.');
  }
}

/** A store failure as a CoreError: read-only and damaged databases get their own codes, the rest DB_ERROR. */
function storeError(error: unknown, fallback: string): CoreError {
  if (error instanceof CoreError) return error;
  const value = storeErrorValue(error);
  return new CoreError(value?.code ?? 'DB_ERROR', value?.message ?? fallback, error);
}

/** Runs `fn` in a transaction and maps SQLite failures to DB_ERROR (nothing partial is committed). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  try {
    // IMMEDIATE takes the write lock up front: a deferred read-then-write upgrade fails at once (no busy wait)
    // when another connection (the scoring worker) committed in between.
    return db.transaction(fn).immediate();
  } catch (error) {
    throw storeError(error, 'The cohort database refused the change; nothing was saved.');
  }
}
