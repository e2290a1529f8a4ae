import { createHmac, randomBytes } from 'node:crypto';
import type { HeadPrediction } from '../model/types';
import { csvLine } from './csv';
import { headValue } from './prediction-row';
import { redcapName } from './redcap';
import type { CohortStore } from './store';

export interface ExportOptions {
  /** Drop direct identifiers and replace the record id with a salted hash of the file content. */
  deidentify?: boolean;
  /** Salt for the de-identified record id: give the same salt to link exports; random (unlinkable) when omitted. */
  salt?: string;
}

interface ExportRow {
  id: number; file_name: string; path: string; sha256: string; accession: string | null; patient_id: string | null;
  acquisition_time: string | null; format: string | null; sample_rate_hz: number | null; leads: string | null;
  error_code: string | null; model_id: string | null; model_version: string | null; execution_provider: string | null;
  window_start_s: number | null; window_duration_s: number | null; uncertainty_score: number | null;
  uncertainty_percentile: number | null; uncertainty_level: string | null; abstain: number | null; queue: string | null;
  heads_json: string | null; lvef: number | null; positive: number | null; echo_date: string | null;
  label_join: string | null; verdict: string | null; reviewer: string | null; note: string | null; ov_at: string | null;
}

/** x rounded to `digits` decimals (null stays null): exports carry the precision a reader can use, not float noise. */
export function roundTo(x: number | null | undefined, digits: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** x to `figures` significant figures (for small scores such as the uncertainty, 0.001623). */
export function significant(x: number | null | undefined, figures: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return x === 0 ? 0 : Number(x.toPrecision(figures));
}

/** A head's value at its precision: probabilities to 0.1 % (3 decimals), estimates in their unit to 1 decimal. */
function headNumber(h: HeadPrediction | undefined, x: number | undefined): number | null {
  if (!h) return null;
  return roundTo(x, h.probability !== undefined ? 3 : 1);
}

/** Column order and REDCap-valid names; identifier columns are left out when de-identifying. */
function columns(heads: string[], deidentify: boolean) {
  const taken = new Set<string>();
  const cols: { name: string; get: (r: ExportRow, h: Map<string, HeadPrediction>) => unknown }[] = [];
  const add = (label: string, get: (r: ExportRow, h: Map<string, HeadPrediction>) => unknown) =>
    cols.push({ name: redcapName(label, taken), get });
  add('record_id', (r) => r.id);
  if (!deidentify) {
    add('file_name', (r) => r.file_name);
    add('sha256', (r) => r.sha256);
    add('accession', (r) => r.accession);
    add('patient_id', (r) => r.patient_id);
    add('acquisition_time', (r) => r.acquisition_time);
  } else {
    // Safe-harbour style: dates reduced to the year.
    add('acquisition_year', (r) => (r.acquisition_time ? r.acquisition_time.slice(0, 4) : null));
  }
  add('ecg_format', (r) => r.format);
  add('sample_rate_hz', (r) => r.sample_rate_hz);
  add('n_leads', (r) => (r.leads ? r.leads.split(' ').length : null));
  add('error_code', (r) => r.error_code);
  add('model_id', (r) => r.model_id);
  add('model_version', (r) => r.model_version);
  add('execution_provider', (r) => r.execution_provider);
  add('window_start_s', (r) => roundTo(r.window_start_s, 2));
  add('window_duration_s', (r) => roundTo(r.window_duration_s, 2));
  for (const head of heads) {
    add(`${head}_value`, (_r, h) => { const x = h.get(head); return headNumber(x, x ? headValue(x) : undefined); });
    add(`${head}_lo`, (_r, h) => headNumber(h.get(head), h.get(head)?.interval[0]));
    add(`${head}_hi`, (_r, h) => headNumber(h.get(head), h.get(head)?.interval[1]));
    add(`${head}_call`, (_r, h) => h.get(head)?.call);
  }
  add('uncertainty_score', (r) => significant(r.uncertainty_score, 4));
  add('uncertainty_percentile', (r) => roundTo(r.uncertainty_percentile, 1));
  add('uncertainty_level', (r) => r.uncertainty_level);
  add('abstain', (r) => (r.abstain === null ? null : r.abstain));
  add('worklist_queue', (r) => r.queue);
  add('label_lvef', (r) => roundTo(r.lvef, 1));
  add('label_positive', (r) => r.positive);
  if (!deidentify) add('label_echo_date', (r) => r.echo_date);
  add('label_join', (r) => r.label_join);
  add('overread_verdict', (r) => r.verdict);
  add('overread_reviewer', (r) => r.reviewer);
  // Free text may name the patient: kept only in the identified export; the de-identified one says it dropped it.
  if (!deidentify) add('overread_note', (r) => r.note);
  else add('overread_note_dropped', (r) => (r.verdict === null ? null : r.note ? 1 : 0));
  add('overread_time', (r) => (deidentify && r.ov_at ? r.ov_at.slice(0, 4) : r.ov_at));
  return cols;
}

/**
 * The cohort as CSV lines (header first), one row per ECG, streamed page by page so any cohort size exports
 * in flat memory. The de-identified form has no file names, accession, patient id, dates or notes, and its
 * record_id is HMAC-SHA256(salt, content hash) so the same ECG gets the same id under the same salt.
 */
export function* exportCsvLines(store: CohortStore, cohortId: number, options: ExportOptions = {}): Generator<string> {
  const c = store.cohort(cohortId);
  const deid = options.deidentify === true;
  const salt = options.salt ?? randomBytes(16).toString('hex');
  const heads = (
    store.db
      .prepare('SELECT DISTINCT h.head FROM prediction_heads h JOIN predictions p ON p.id = h.prediction_id WHERE p.model_id IS ? AND p.model_version IS ? ORDER BY h.head')
      .all(c.model_id, c.model_version) as { head: string }[]
  ).map((r) => r.head);
  const cols = columns(heads, deid);
  yield csvLine(cols.map((x) => x.name));
  const page = store.db.prepare(
    `SELECT f.id, f.file_name, f.path, f.sha256, f.accession, f.patient_id, f.acquisition_time, f.format, f.sample_rate_hz,
       f.leads, f.error_code, p.model_id, p.model_version, p.execution_provider, p.window_start_s, p.window_duration_s,
       p.uncertainty_score, p.uncertainty_percentile, p.uncertainty_level, p.abstain, p.queue, p.heads_json,
       l.lvef, l.positive, l.echo_date, f.label_join, o.verdict, o.reviewer, o.note, o.created_at AS ov_at
     FROM ecg_files f
     LEFT JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id IS ? AND p.model_version IS ?
     LEFT JOIN labels l ON l.id = f.label_id
     LEFT JOIN overreads o ON o.id = (SELECT MAX(id) FROM overreads WHERE ecg_file_id = f.id)
     WHERE f.cohort_id = ? AND f.id > ? ORDER BY f.id LIMIT 1000`,
  );
  let last = 0;
  for (;;) {
    const rows = page.all(c.model_id, c.model_version, cohortId, last) as ExportRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      last = r.id;
      const heads = new Map<string, HeadPrediction>();
      if (r.heads_json) for (const h of JSON.parse(r.heads_json) as HeadPrediction[]) heads.set(h.head, h);
      const row = deid ? { ...r, id: 0 } : r;
      const values = cols.map((col) => col.get(row, heads)) as (string | number | null | undefined)[];
      if (deid) values[0] = createHmac('sha256', salt).update(r.sha256).digest('hex').slice(0, 20);
      yield csvLine(values);
    }
  }
}

/** Overread notes (latest overread per ECG) a de-identified export of the cohort leaves out. */
function notesInCohort(store: CohortStore, cohortId: number): number {
  const row = store.db
    .prepare(
      `SELECT COUNT(*) AS n FROM ecg_files f JOIN overreads o ON o.id = (SELECT MAX(id) FROM overreads WHERE ecg_file_id = f.id)
       WHERE f.cohort_id = ? AND o.note <> ''`,
    )
    .get(cohortId) as { n: number };
  return row.n;
}

/** What the de-identified export left out, in words for the person saving it. */
export function deidentifiedNotice(droppedNotes: number): string {
  const notes = droppedNotes === 1 ? '1 overread note was' : `${droppedNotes} overread notes were`;
  return (
    `De-identified export: file names, content hashes, accession numbers, patient IDs and exact dates are left out (dates are ` +
    `reduced to the year), and record ids are salted hashes. Overread notes are dropped because free text may name the patient: ` +
    `${notes} dropped (column overread_note_dropped marks the rows).`
  );
}

/** The whole export as one string with a suggested file name, and an audit entry (no PHI in it). */
export function exportCsv(store: CohortStore, cohortId: number, actor: string, options: ExportOptions = {}) {
  const lines = [...exportCsvLines(store, cohortId, options)];
  const droppedNotes = options.deidentify ? notesInCohort(store, cohortId) : 0;
  store.audit(actor, 'export', 'cohort', cohortId, { rows: lines.length - 1, deidentified: options.deidentify === true, droppedNotes });
  const name = store.cohort(cohortId).name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) || 'cohort';
  return {
    csv: `${lines.join('\r\n')}\r\n`,
    fileName: `${name}${options.deidentify ? '_deid' : ''}_${new Date().toISOString().slice(0, 10)}.csv`,
    rows: lines.length - 1,
    droppedNotes,
    notice: options.deidentify ? deidentifiedNotice(droppedNotes) : null,
  };
}
