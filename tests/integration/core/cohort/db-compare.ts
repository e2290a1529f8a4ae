import Database from 'libsql';

/**
 * Every output a cohort database holds, in a form two databases can be compared by: rows keyed by content
 * hash (never by row ids, which differ between a merged and a single run), every column except ids, insert
 * times and the label join (done on the target after a merge).
 */
export function cohortOutputs(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    const without = (r: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
    return {
      files: rows('SELECT c.name AS cohort, f.* FROM ecg_files f JOIN cohorts c ON c.id = f.cohort_id ORDER BY c.name, f.sha256').map((r) =>
        without(r, 'id', 'cohort_id', 'added_at', 'label_id', 'label_join'),
      ),
      predictions: rows('SELECT * FROM predictions ORDER BY sha256, model_id, model_version').map((r) => without(r, 'id', 'created_at')),
      heads: rows('SELECT p.sha256, h.* FROM prediction_heads h JOIN predictions p ON p.id = h.prediction_id ORDER BY p.sha256, h.head').map((r) =>
        without(r, 'prediction_id'),
      ),
      errors: rows('SELECT * FROM scoring_errors ORDER BY sha256').map((r) => without(r, 'created_at')),
      cohorts: rows('SELECT name, model_id, model_version FROM cohorts ORDER BY name'),
    };
  } finally {
    db.close();
  }
}
