import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CoreError } from '../errors';
import { parseCsv } from './csv';
import { inTransaction } from './db';
import { type LabelDateFormat, readLabelDate } from './label-dates';
import type { CohortStore } from './store';
import type { LabelJoinReport } from './types';

/** A labels sheet larger than this is refused (a label row is ~100 bytes: this is ~500k studies). */
const MAX_LABELS_BYTES = 50 * 1024 * 1024;

/** Column names accepted for each field (lower case, spaces and dashes as underscores). */
const COLUMNS = {
  fileName: ['file', 'file_name', 'filename', 'ecg_file', 'path'],
  accession: ['accession', 'accession_number', 'accession_no', 'ecg_accession'],
  patientId: ['patient_id', 'patientid', 'mrn', 'patient'],
  echoDate: ['echo_date', 'date', 'study_date', 'echo_datetime'],
  lvef: ['lvef', 'ef', 'echo_lvef', 'lvef_percent'],
  positive: ['label', 'positive', 'outcome', 'lvef_lt_40'],
} as const;

export interface LabelRow {
  row: number;
  fileName: string | null;
  accession: string | null;
  patientId: string | null;
  echoDate: string | null;
  lvef: number | null;
  positive: boolean | null;
  /** Every other numeric cell of the row by normalised column name (lvedv, a site's own columns, an explicit 0/1 label). */
  values: Record<string, number>;
}

export interface ParsedLabels {
  rows: LabelRow[];
  invalidRows: { row: number; reason: string }[];
}

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Parses a labels sheet. A row needs a key (file, accession, or patient id with a date) and an outcome
 * (LVEF, or a 0/1 label); other rows are reported by line number, never by content (it may be PHI).
 * The positive class is LVEF < `lvefThreshold` unless an explicit label column is given.
 */
export function parseLabels(text: string, lvefThreshold = 40, dateFormat?: LabelDateFormat): ParsedLabels {
  const table = parseCsv(text);
  const header = table[0];
  if (!header) throw new CoreError('LABELS_INVALID', 'The labels file is empty.');
  const names = header.map(norm);
  const col = (key: keyof typeof COLUMNS) => names.findIndex((n) => (COLUMNS[key] as readonly string[]).includes(n));
  const idx = {
    fileName: col('fileName'), accession: col('accession'), patientId: col('patientId'),
    echoDate: col('echoDate'), lvef: col('lvef'), positive: col('positive'),
  };
  if (idx.fileName < 0 && idx.accession < 0 && idx.patientId < 0) {
    throw new CoreError('LABELS_INVALID', 'The labels file needs a file, accession or patient_id column to match ECGs.');
  }
  // Every column that is not a key, a date or LVEF may hold a target (lvedv, a site's own measurement).
  const used = new Set(Object.values(idx).filter((j) => j >= 0 && j !== idx.positive));
  const extras = names.flatMap((name, j) => (used.has(j) || name === '' ? [] : [{ name, j }]));
  if (idx.lvef < 0 && idx.positive < 0 && extras.length === 0) {
    throw new CoreError('LABELS_INVALID', 'The labels file needs an lvef column (or a 0/1 label column, or another numeric column).');
  }
  const rows: LabelRow[] = [];
  const invalidRows: ParsedLabels['invalidRows'] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const get = (j: number) => (j >= 0 ? (cells[j] ?? '').trim() || null : null);
    const lvefText = get(idx.lvef);
    const lvef = lvefText === null ? null : Number(lvefText);
    if (lvef !== null && (!Number.isFinite(lvef) || lvef < 0 || lvef > 100)) {
      invalidRows.push({ row, reason: 'LVEF is not a number between 0 and 100' });
      return;
    }
    const posText = get(idx.positive);
    let positive: boolean | null = lvef === null ? null : lvef < lvefThreshold;
    if (posText !== null) {
      if (!['0', '1', 'true', 'false', 'yes', 'no'].includes(posText.toLowerCase())) {
        invalidRows.push({ row, reason: 'label is not 0/1' });
        return;
      }
      positive = ['1', 'true', 'yes'].includes(posText.toLowerCase());
    }
    const values: Record<string, number> = {};
    for (const { name, j } of extras) {
      const text = get(j);
      if (text === null) continue;
      const v = j === idx.positive ? (positive ? 1 : 0) : Number(text);
      if (Number.isFinite(v)) values[name] = v;
    }
    if (positive === null && Object.keys(values).length === 0) {
      invalidRows.push({ row, reason: 'no LVEF, label or other number' });
      return;
    }
    const dateText = get(idx.echoDate);
    const date = dateText === null ? null : readLabelDate(dateText, dateFormat);
    if (date !== null && !date.ok) {
      invalidRows.push({ row, reason: date.reason });
      return;
    }
    const echoDate = date?.iso ?? null;
    const fileText = get(idx.fileName);
    const r: LabelRow = {
      row, fileName: fileText === null ? null : basename(fileText.replace(/\\/g, '/')),
      accession: get(idx.accession), patientId: get(idx.patientId), echoDate, lvef, positive, values,
    };
    if (r.fileName === null && r.accession === null && (r.patientId === null || r.echoDate === null)) {
      invalidRows.push({ row, reason: 'no file, accession, or patient id with echo date' });
      return;
    }
    rows.push(r);
  });
  return { rows, invalidRows };
}

/**
 * Reads and stores a labels sheet for a cohort (replacing that cohort's previous labels) in one transaction.
 * Echo dates are ISO 8601 unless `dateFormat` names the sheet's format (label-dates.ts).
 */
export function importLabelsFile(store: CohortStore, cohortId: number, path: string, actor: string, dateFormat?: LabelDateFormat): ParsedLabels {
  let text: string;
  try {
    if (statSync(path).size > MAX_LABELS_BYTES) throw new CoreError('LABELS_INVALID', 'The labels file is larger than 50 MB.');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('FILE_NOT_FOUND', 'The labels file could not be read.', error);
  }
  const parsed = parseLabels(text, 40, dateFormat);
  store.cohort(cohortId);
  const db = store.db;
  inTransaction(db, () => {
    db.prepare('UPDATE ecg_files SET label_id = NULL, label_join = NULL WHERE cohort_id = ?').run(cohortId);
    db.prepare('DELETE FROM labels WHERE cohort_id = ?').run(cohortId);
    const ins = db.prepare(
      `INSERT INTO labels (cohort_id, row_number, file_name, accession, patient_id, echo_date, lvef, positive, source, imported_at, values_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const at = new Date().toISOString();
    for (const r of parsed.rows) {
      const values = Object.keys(r.values).length > 0 ? JSON.stringify(r.values) : null;
      ins.run(cohortId, r.row, r.fileName, r.accession, r.patientId, r.echoDate, r.lvef, r.positive === null ? null : r.positive ? 1 : 0, basename(path), at, values);
    }
    store.audit(actor, 'import-labels', 'cohort', cohortId, { rows: parsed.rows.length, invalid: parsed.invalidRows.length, source: basename(path) });
  });
  return parsed;
}

/** How many unjoined label rows a report lists by line number (the count is always exact). */
const REPORT_LIST_MAX = 1000;

/**
 * Joins a cohort's labels to its ECGs: by file name, else by accession, else by patient id with the echo
 * nearest the acquisition within `windowDays`. Pages through files by id so memory stays flat.
 */
export function joinLabels(store: CohortStore, cohortId: number, windowDays = 30): LabelJoinReport {
  const db = store.db;
  const labelRows = (db.prepare('SELECT COUNT(*) AS n FROM labels WHERE cohort_id = ?').get(cohortId) as { n: number }).n;
  const byFile = db.prepare('SELECT id FROM labels WHERE cohort_id = ? AND file_name = ? ORDER BY id LIMIT 1');
  const byAcc = db.prepare('SELECT id FROM labels WHERE cohort_id = ? AND accession = ? ORDER BY id LIMIT 1');
  const byPatient = db.prepare('SELECT id, echo_date FROM labels WHERE cohort_id = ? AND patient_id = ? AND echo_date IS NOT NULL');
  const page = db.prepare(
    'SELECT id, file_name, accession, patient_id, acquisition_time FROM ecg_files WHERE cohort_id = ? AND id > ? ORDER BY id LIMIT 500',
  );
  const set = db.prepare('UPDATE ecg_files SET label_id = ?, label_join = ? WHERE id = ?');
  const joined = { byFile: 0, byAccession: 0, byPatientDate: 0 };
  let filesWithoutLabel = 0;
  const windowMs = windowDays * 86_400_000;
  let last = 0;
  for (;;) {
    const files = page.all(cohortId, last) as {
      id: number; file_name: string; accession: string | null; patient_id: string | null; acquisition_time: string | null;
    }[];
    if (files.length === 0) break;
    inTransaction(db, () => {
      for (const f of files) {
        last = f.id;
        let hit: { id: number; how: 'file' | 'accession' | 'patient-date' } | null = null;
        const fid = (byFile.get(cohortId, f.file_name) as { id: number } | undefined)?.id;
        if (fid !== undefined) hit = { id: fid, how: 'file' };
        if (!hit && f.accession !== null) {
          const aid = (byAcc.get(cohortId, f.accession) as { id: number } | undefined)?.id;
          if (aid !== undefined) hit = { id: aid, how: 'accession' };
        }
        const acquired = f.acquisition_time === null ? Number.NaN : Date.parse(f.acquisition_time);
        if (!hit && f.patient_id !== null && Number.isFinite(acquired)) {
          let best: { id: number; d: number } | null = null;
          for (const l of byPatient.all(cohortId, f.patient_id) as { id: number; echo_date: string }[]) {
            const d = Math.abs(Date.parse(l.echo_date) - acquired);
            if (d <= windowMs && (best === null || d < best.d)) best = { id: l.id, d };
          }
          if (best) hit = { id: best.id, how: 'patient-date' };
        }
        set.run(hit?.id ?? null, hit?.how ?? null, f.id);
        if (!hit) filesWithoutLabel += 1;
        else if (hit.how === 'file') joined.byFile += 1;
        else if (hit.how === 'accession') joined.byAccession += 1;
        else joined.byPatientDate += 1;
      }
    });
  }
  const unjoined = db
    .prepare(
      `SELECT row_number AS row, file_name IS NOT NULL AS f, accession IS NOT NULL AS a, patient_id IS NOT NULL AS p
       FROM labels l WHERE cohort_id = ? AND NOT EXISTS (SELECT 1 FROM ecg_files e WHERE e.label_id = l.id)
       ORDER BY row_number LIMIT ?`,
    )
    .all(cohortId, REPORT_LIST_MAX) as { row: number; f: number; a: number; p: number }[];
  return {
    labelRows,
    invalidRows: [],
    joined,
    unjoinedLabels: unjoined.map((u) => ({
      row: u.row,
      reason: u.f
        ? 'no ECG with this file name'
        : u.a
          ? 'no ECG with this accession'
          : `no ECG of this patient within ${windowDays} days of the echo (or a nearer echo was used)`,
    })),
    filesWithoutLabel,
  };
}
