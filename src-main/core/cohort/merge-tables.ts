import type { Db } from './db';

/**
 * How the merge finds what to copy, from the schema itself rather than a fixed list, so a table a later
 * migration adds is merged without touching the merge: a table that points at predictions(id) is copied with
 * its prediction, a table keyed by content + model (sha256, model_id, model_version) is copied by that key,
 * a table that points at ecg_files(id) is copied with its file. Whatever fits none of these is reported, never
 * dropped silently.
 */

/** Tables the merge handles by name (or deliberately leaves: labels are imported and joined on the target). */
export const HANDLED_TABLES = new Set([
  'schema_version', 'database_info', 'shard_info', 'merged_shards', 'cohorts', 'ecg_files', 'predictions', 'audit_log', 'labels',
]);

export interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

export interface TablePlan {
  /** Children of predictions: the column holding predictions.id. */
  predictionChildren: { table: string; column: string }[];
  /** Keyed by content + model (scoring_errors and the like). */
  contentKeyed: string[];
  /** Children of ecg_files: the column holding ecg_files.id. */
  fileChildren: { table: string; column: string }[];
  /** Tables of the shard that none of the rules covers. */
  unknown: string[];
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export { ident };

export function tableNames(db: Db, schema: string): string[] {
  const rows = db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return rows.map((r) => r.name);
}

export function columnsOf(db: Db, schema: string, table: string): ColumnInfo[] {
  return db.pragma(`${schema}.table_info(${ident(table)})`) as ColumnInfo[];
}

function foreignKeys(db: Db, schema: string, table: string): { table: string; from: string; to: string }[] {
  return db.pragma(`${schema}.foreign_key_list(${ident(table)})`) as { table: string; from: string; to: string }[];
}

/** Classifies the shard's tables (schema `s`); the target has the same schema (both migrated to the same version). */
export function planTables(db: Db, schema: string): TablePlan {
  const plan: TablePlan = { predictionChildren: [], contentKeyed: [], fileChildren: [], unknown: [] };
  for (const table of tableNames(db, schema)) {
    if (HANDLED_TABLES.has(table)) continue;
    const fks = foreignKeys(db, schema, table);
    const toPrediction = fks.find((f) => f.table === 'predictions' && (f.to === 'id' || f.to === null));
    const toFile = fks.find((f) => f.table === 'ecg_files' && (f.to === 'id' || f.to === null));
    const names = new Set(columnsOf(db, schema, table).map((c) => c.name));
    if (toPrediction) plan.predictionChildren.push({ table, column: toPrediction.from });
    else if (names.has('sha256') && names.has('model_id') && names.has('model_version')) plan.contentKeyed.push(table);
    else if (toFile) plan.fileChildren.push({ table, column: toFile.from });
    else plan.unknown.push(table);
  }
  return plan;
}

/**
 * Columns to copy from shard to target: those both have, less a table's own INTEGER PRIMARY KEY (the target
 * numbers its rows itself) and any the caller sets apart.
 */
export function copyColumns(db: Db, table: string, except: readonly string[] = []): string[] {
  const target = new Set(columnsOf(db, 'main', table).map((c) => c.name));
  const cols = columnsOf(db, 's', table);
  const pkCols = cols.filter((c) => c.pk > 0);
  const rowid = pkCols.length === 1 && pkCols[0]?.type.toUpperCase() === 'INTEGER' ? pkCols[0].name : undefined;
  return cols.map((c) => c.name).filter((n) => target.has(n) && n !== rowid && !except.includes(n));
}

export function rowCount(db: Db, schema: string, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${schema}.${ident(table)}`).all()[0] as { n: number }).n;
}
