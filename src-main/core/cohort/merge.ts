import { basename } from 'node:path';
import { CoreError, toErrorValue } from '../errors';
import { inTransaction, openCohortDb, schemaVersion } from './db';
import { copyColumns, ident, planTables, rowCount, type TablePlan } from './merge-tables';
import { readShardInfo, shardLabel, type ShardInfo } from './shard';
import type { CohortStore } from './store';

/**
 * `cohort merge`: shard databases (cohort score --shard K/N) into one cohort database. Keyed by content hash
 * + model version, so merging twice, or merging a shard that was scored further since, adds only what is new;
 * shards scored with another pack than the target's are refused; each shard's audit entries are copied once,
 * marked with the shard they came from. Labels are not copied: import them on the merged cohort and join there.
 */

export interface ModelKey {
  id: string;
  version: string;
  /** The pack's network file hash, when a shard recorded it. */
  sha256: string | null;
}

export interface ShardMergeReport {
  /** File name of the shard database (never the full path: folders can name a patient). */
  source: string;
  /** "2/4", or null for a database that was not scored as a shard. */
  shard: string | null;
  status: 'merged' | 'refused';
  reason?: { code: string; message: string };
  /** Predictions new to the target. */
  added: number;
  /** Predictions the target already had (an earlier merge, or the same content in another shard). */
  skipped: number;
  /** Files the shard could not score (their coded errors are merged too). */
  failed: number;
  /** ECG file rows new to the target's cohorts. */
  files: number;
  auditCopied: number;
  /** Rows copied per generically found table (prediction children, content-keyed and file-keyed tables). */
  tables: Record<string, number>;
  /** Non-empty shard tables no rule covers (left out, named so nobody loses data silently). */
  notMerged: string[];
}

export interface MergeReport {
  model: ModelKey | null;
  shards: ShardMergeReport[];
  /** Parts of the partition neither merged before nor now ("3/4"), when the shards state their count. */
  missing: string[];
}

export interface MergeOptions {
  actor: string;
  /** Put every shard cohort into this target cohort (default: the cohort of the same name). */
  cohortName?: string;
}

interface Inspected {
  path: string;
  uid: string;
  shard: ShardInfo | null;
  model: ModelKey | null;
  auditMax: number;
}

const empty = (source: string, shard: string | null): ShardMergeReport => ({
  source, shard, status: 'merged', added: 0, skipped: 0, failed: 0, files: 0, auditCopied: 0, tables: {}, notMerged: [],
});

/** The models a database's results were made with (predictions and recorded failures), plus its shard record. */
function modelsOf(db: ReturnType<typeof openCohortDb>, schema = 'main'): ModelKey[] {
  const rows = db
    .prepare(
      `SELECT model_id AS id, model_version AS version FROM ${schema}.predictions
       UNION SELECT model_id, model_version FROM ${schema}.scoring_errors`,
    )
    .all() as { id: string; version: string }[];
  return rows.map((r) => ({ id: r.id, version: r.version, sha256: null }));
}

/** Opens a shard (bringing its schema to this version), reads what the checks need, closes it. */
function inspect(path: string, targetVersion: number): Inspected {
  let db;
  try {
    db = openCohortDb(path);
  } catch (error) {
    throw new CoreError('MERGE_SOURCE_INVALID', `${basename(path)} is not a cohort database this version can read: ${toErrorValue(error).message}`, error);
  }
  try {
    if (schemaVersion(db) !== targetVersion) throw new CoreError('MERGE_SOURCE_INVALID', `${basename(path)} has another schema version than the target.`);
    const uid = (db.prepare('SELECT uid FROM database_info WHERE id = 1').all()[0] as { uid: string }).uid;
    const shard = readShardInfo(db);
    const models = modelsOf(db);
    if (shard && !models.some((m) => m.id === shard.modelId && m.version === shard.modelVersion)) {
      models.push({ id: shard.modelId, version: shard.modelVersion, sha256: null });
    }
    if (models.length > 1) {
      throw new CoreError('MERGE_MODEL_MISMATCH', `${basename(path)} holds results of ${models.length} model versions (${models.map((m) => `${m.id} ${m.version}`).join(', ')}); a shard must be scored with one pack.`);
    }
    const m = models[0];
    const auditMax = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM audit_log').all()[0] as { n: number }).n;
    return { path, uid, shard, model: m ? { ...m, sha256: shard?.modelSha256 ?? null } : null, auditMax };
  } finally {
    db.close();
  }
}

/** The target's own model: what it already holds, or what earlier merges recorded. */
function targetModel(store: CohortStore): ModelKey | null {
  const models = modelsOf(store.db);
  const merged = store.db.prepare('SELECT model_id AS id, model_version AS version, model_sha256 AS sha256 FROM merged_shards ORDER BY first_merged_at LIMIT 1').all()[0] as
    | ModelKey
    | undefined;
  if (models.length > 1) throw new CoreError('MERGE_MODEL_MISMATCH', 'The target database already holds results of several model versions; merge into a new database.');
  const m = models[0];
  if (m) return { ...m, sha256: merged && merged.id === m.id && merged.version === m.version ? merged.sha256 : null };
  return merged ?? null;
}

function sameModel(a: ModelKey, b: ModelKey): boolean {
  return a.id === b.id && a.version === b.version && (a.sha256 === null || b.sha256 === null || a.sha256 === b.sha256);
}

/**
 * Merges `shardPaths` into the open target store. Every shard is checked before anything is written; refused
 * shards are reported and left out, the others merged, each in one transaction (a failure leaves the target
 * as it was before that shard).
 */
export function mergeShards(store: CohortStore, shardPaths: string[], options: MergeOptions): MergeReport {
  const version = schemaVersion(store.db);
  const targetUid = (store.db.prepare('SELECT uid FROM database_info WHERE id = 1').all()[0] as { uid: string }).uid;
  let model = targetModel(store);
  const reports: ShardMergeReport[] = [];
  const accepted: { inspected: Inspected; report: ShardMergeReport }[] = [];
  for (const path of shardPaths) {
    const source = basename(path);
    let inspected: Inspected;
    try {
      inspected = inspect(path, version);
      if (inspected.uid === targetUid) throw new CoreError('MERGE_SOURCE_INVALID', 'The target database cannot be merged into itself.');
      const m = inspected.model;
      if (m && model && !sameModel(m, model)) {
        throw new CoreError('MERGE_MODEL_MISMATCH', `${source} was scored with ${m.id} ${m.version}; this cohort holds results of ${model.id} ${model.version}.`);
      }
      if (m && !model) model = m;
      else if (m && model && model.sha256 === null) model = { ...model, sha256: m.sha256 };
    } catch (error) {
      const e = toErrorValue(error);
      reports.push({ ...empty(source, null), status: 'refused', reason: { code: e.code, message: e.message } });
      continue;
    }
    const report = empty(source, inspected.shard ? shardLabel(inspected.shard) : null);
    reports.push(report);
    accepted.push({ inspected, report });
  }
  for (const { inspected, report } of accepted) {
    try {
      mergeOne(store, inspected, report, model, options);
    } catch (error) {
      // That shard's transaction rolled back: the target is as it was before it; the others still merge.
      const e = toErrorValue(error);
      Object.assign(report, { ...empty(report.source, report.shard), status: 'refused', reason: { code: e.code, message: e.message } });
    }
  }
  return { model, shards: reports, missing: missingShards(store) };
}

/** Parts of the partition not merged into this target yet (when merged shards state their count). */
function missingShards(store: CohortStore): string[] {
  const rows = store.db.prepare('SELECT DISTINCT shard_index AS i, shard_count AS n FROM merged_shards WHERE shard_count IS NOT NULL').all() as { i: number; n: number }[];
  const counts = [...new Set(rows.map((r) => r.n))];
  if (counts.length !== 1) return [];
  const n = counts[0] as number;
  const have = new Set(rows.map((r) => r.i));
  return Array.from({ length: n }, (_, i) => i).filter((i) => !have.has(i)).map((i) => `${i + 1}/${n}`);
}

function mergeOne(store: CohortStore, shard: Inspected, report: ShardMergeReport, model: ModelKey | null, options: MergeOptions): void {
  const db = store.db;
  db.prepare('ATTACH DATABASE ? AS s').run(shard.path);
  try {
    const plan = planTables(db, 's');
    // Cohorts first, on their own: creating one is a transaction of its own (libsql does not nest them).
    const cohortMap = mapCohorts(store, options);
    inTransaction(db, () => {
      copyFiles(store, report);
      copyPredictions(store, plan, report);
      copyKeyed(store, plan, report);
      for (const id of cohortMap.values()) if (model) store.setCohortModel(id, model.id, model.version);
      copyAudit(store, shard, report);
      report.notMerged = plan.unknown.filter((t) => rowCount(db, 's', t) > 0);
      const now = new Date().toISOString();
      db.prepare(
        `INSERT INTO merged_shards (db_uid, source_name, shard_index, shard_count, model_id, model_version, model_sha256, audit_through, first_merged_at, last_merged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (db_uid) DO UPDATE SET audit_through = excluded.audit_through, last_merged_at = excluded.last_merged_at, source_name = excluded.source_name`,
      ).run(
        shard.uid, report.source, shard.shard?.index ?? null, shard.shard?.count ?? null, model?.id ?? shard.model?.id ?? '', model?.version ?? shard.model?.version ?? '',
        shard.model?.sha256 ?? null, shard.auditMax, now, now,
      );
      for (const id of new Set(cohortMap.values())) {
        store.audit(options.actor, 'merge', 'cohort', id, {
          source: report.source, shard: report.shard, added: report.added, skipped: report.skipped, failed: report.failed, files: report.files,
        });
      }
    });
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.cmap; DROP TABLE IF EXISTS temp.fmap; DROP TABLE IF EXISTS temp.pmap');
    db.exec('DETACH DATABASE s');
  }
}

/** Shard cohort id -> target cohort id (same name, created when missing; or the one --cohort names). */
function mapCohorts(store: CohortStore, options: MergeOptions): Map<number, number> {
  const db = store.db;
  const map = new Map<number, number>();
  db.exec('CREATE TEMP TABLE cmap (shard_id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL)');
  const put = db.prepare('INSERT INTO temp.cmap (shard_id, target_id) VALUES (?, ?)');
  for (const c of db.prepare('SELECT id, name FROM s.cohorts ORDER BY id').all() as { id: number; name: string }[]) {
    const target = store.cohortByName(options.cohortName ?? c.name, options.actor).id;
    map.set(c.id, target);
    put.run(c.id, target);
  }
  return map;
}

/** ECG file rows (labels left for the target's join), a success replacing an earlier failure, and their children. */
function copyFiles(store: CohortStore, report: ShardMergeReport): void {
  const db = store.db;
  const cols = copyColumns(db, 'ecg_files', ['cohort_id', 'label_id', 'label_join']);
  const list = cols.map(ident).join(', ');
  report.files = db
    .prepare(
      `INSERT INTO main.ecg_files (cohort_id, ${list}) SELECT m.target_id, ${cols.map((c) => `f.${ident(c)}`).join(', ')}
       FROM s.ecg_files f JOIN temp.cmap m ON m.shard_id = f.cohort_id WHERE true ON CONFLICT (cohort_id, sha256) DO NOTHING`,
    )
    .run().changes;
  const meta = cols.filter((c) => !['sha256', 'path', 'file_name', 'size_bytes', 'added_at'].includes(c));
  db.prepare(
    `UPDATE main.ecg_files AS t SET ${meta.map((c) => `${ident(c)} = f.${ident(c)}`).join(', ')}
     FROM s.ecg_files AS f JOIN temp.cmap m ON m.shard_id = f.cohort_id
     WHERE t.cohort_id = m.target_id AND t.sha256 = f.sha256 AND t.error_code IS NOT NULL AND f.error_code IS NULL`,
  ).run();
  db.exec(`CREATE TEMP TABLE fmap (shard_id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL);
    INSERT INTO temp.fmap SELECT f.id, t.id FROM s.ecg_files f JOIN temp.cmap m ON m.shard_id = f.cohort_id
    JOIN main.ecg_files t ON t.cohort_id = m.target_id AND t.sha256 = f.sha256`);
}

/** Predictions by (content, model, version), then every table that points at a prediction, for the new ones only. */
function copyPredictions(store: CohortStore, plan: TablePlan, report: ShardMergeReport): void {
  const db = store.db;
  const key = 'p.sha256 = t.sha256 AND p.model_id = t.model_id AND p.model_version = t.model_version';
  db.exec(`CREATE TEMP TABLE pmap (shard_id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL, added INTEGER NOT NULL);
    INSERT INTO temp.pmap SELECT p.id, t.id, 0 FROM s.predictions p JOIN main.predictions t ON ${key}`);
  const cols = copyColumns(db, 'predictions');
  const list = cols.map(ident).join(', ');
  db.prepare(
    `INSERT INTO main.predictions (${list}) SELECT ${cols.map((c) => `p.${ident(c)}`).join(', ')} FROM s.predictions p
     WHERE p.id NOT IN (SELECT shard_id FROM temp.pmap) ORDER BY p.id`,
  ).run();
  db.exec(`INSERT INTO temp.pmap SELECT p.id, t.id, 1 FROM s.predictions p JOIN main.predictions t ON ${key}
    WHERE p.id NOT IN (SELECT shard_id FROM temp.pmap)`);
  const counts = db.prepare('SELECT SUM(added) AS added, COUNT(*) - SUM(added) AS skipped FROM temp.pmap').all()[0] as { added: number | null; skipped: number | null };
  report.added = counts.added ?? 0;
  report.skipped = counts.skipped ?? 0;
  for (const { table, column } of plan.predictionChildren) {
    const cols = copyColumns(db, table);
    const select = cols.map((c) => (c === column ? 'm.target_id' : `x.${ident(c)}`)).join(', ');
    report.tables[table] = db
      .prepare(`INSERT INTO main.${ident(table)} (${cols.map(ident).join(', ')}) SELECT ${select} FROM s.${ident(table)} x JOIN temp.pmap m ON m.shard_id = x.${ident(column)} WHERE m.added = 1`)
      .run().changes;
  }
}

/** Tables keyed by content + model (recorded failures and the like), and tables that point at an ECG file. */
function copyKeyed(store: CohortStore, plan: TablePlan, report: ShardMergeReport): void {
  const db = store.db;
  for (const table of plan.contentKeyed) {
    const cols = copyColumns(db, table);
    report.tables[table] = db
      .prepare(
        `INSERT INTO main.${ident(table)} (${cols.map(ident).join(', ')}) SELECT ${cols.map((c) => `x.${ident(c)}`).join(', ')} FROM s.${ident(table)} x
         WHERE NOT EXISTS (SELECT 1 FROM main.${ident(table)} t WHERE t.sha256 = x.sha256 AND t.model_id = x.model_id AND t.model_version = x.model_version)`,
      )
      .run().changes;
  }
  report.failed = rowCount(db, 's', 'scoring_errors');
  for (const { table, column } of plan.fileChildren) {
    const cols = copyColumns(db, table);
    const value = (c: string) => (c === column ? 'm.target_id' : `x.${ident(c)}`);
    // No natural key: a row is already there when every copied column matches (so a second merge adds nothing).
    const same = cols.map((c) => `t.${ident(c)} IS ${value(c)}`).join(' AND ');
    report.tables[table] = db
      .prepare(
        `INSERT INTO main.${ident(table)} (${cols.map(ident).join(', ')}) SELECT ${cols.map(value).join(', ')} FROM s.${ident(table)} x
         JOIN temp.fmap m ON m.shard_id = x.${ident(column)} WHERE NOT EXISTS (SELECT 1 FROM main.${ident(table)} t WHERE ${same})`,
      )
      .run().changes;
  }
}

/** The shard's audit entries not copied before, with their shard of origin and ids mapped to the target's rows. */
function copyAudit(store: CohortStore, shard: Inspected, report: ShardMergeReport): void {
  const db = store.db;
  const done = db.prepare('SELECT audit_through AS n FROM merged_shards WHERE db_uid = ?').all(shard.uid)[0] as { n: number } | undefined;
  const rows = db
    .prepare('SELECT id, at, actor, action, entity, entity_id, detail, origin FROM s.audit_log WHERE id > ? ORDER BY id')
    .all(done?.n ?? 0) as { at: string; actor: string; action: string; entity: string; entity_id: string | null; detail: string; origin: string | null }[];
  const cohortOf = db.prepare('SELECT target_id AS id FROM temp.cmap WHERE shard_id = ?');
  const fileOf = db.prepare('SELECT target_id AS id FROM temp.fmap WHERE shard_id = ?');
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, origin) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const label = `${shard.shard ? `shard ${shardLabel(shard.shard)} ` : ''}${report.source} (${shard.uid.slice(0, 12)})`;
  for (const r of rows) {
    const lookup = r.entity === 'cohort' ? cohortOf : r.entity === 'ecg_file' ? fileOf : undefined;
    const mapped = lookup && r.entity_id !== null ? (lookup.all(Number(r.entity_id))[0] as { id: number } | undefined) : undefined;
    const entityId = mapped ? String(mapped.id) : r.entity_id;
    insert.run(r.at, r.actor, r.action, r.entity, entityId, r.detail, r.origin ? `${label} <- ${r.origin}` : label);
  }
  report.auditCopied = rows.length;
}
