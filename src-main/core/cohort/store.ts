import { CoreError } from '../errors';
import { type Db, inTransaction, openCohortDb } from './db';
import { f32ToBlob } from './embedding-blob';
import type { FileMeta, PredictionRowValues } from './prediction-row';
import type { CohortSummary, Verdict } from './types';

/** A file seen by the scorer: its content key and where it was found. */
export interface FileKey {
  sha256: string;
  path: string;
  fileName: string;
  sizeBytes: number;
}

/** One outcome the scorer commits: a prediction with the file's metadata, or a coded failure. */
export type ScoredItem =
  | { kind: 'scored'; file: FileKey; meta: FileMeta; prediction: PredictionRowValues }
  | { kind: 'failed'; file: FileKey; meta?: FileMeta; code: string; message: string }
  /** Already scored for this model version: only (re)attached to the cohort. */
  | { kind: 'skipped'; file: FileKey };

const now = () => new Date().toISOString();

interface CohortDbRow {
  id: number;
  name: string;
  description: string;
  created_at: string;
  model_id: string | null;
  model_version: string | null;
}

/**
 * The cohort store: every write goes through here, in a transaction, with an audit entry for the changes a
 * person makes (cohorts, imports, labels, overreads, exports). Statements are prepared once.
 */
export class CohortStore {
  private constructor(readonly db: Db) {}

  static open(path: string): CohortStore {
    return new CohortStore(openCohortDb(path));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Appends to the audit log (the table refuses UPDATE and DELETE). `detail` must hold no PHI. */
  audit(actor: string, action: string, entity: string, entityId: string | number | null, detail: object = {}): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(now(), actor, action, entity, entityId === null ? null : String(entityId), JSON.stringify(detail));
  }

  createCohort(name: string, description: string, actor: string): CohortSummary {
    const id = inTransaction(this.db, () => {
      const r = this.db
        .prepare('INSERT INTO cohorts (name, description, created_at) VALUES (?, ?, ?)')
        .run(name, description, now());
      this.audit(actor, 'create', 'cohort', Number(r.lastInsertRowid), { name });
      return Number(r.lastInsertRowid);
    });
    return this.summary(id);
  }

  /** The cohort with this id, or COHORT_NOT_FOUND. */
  cohort(id: number): CohortDbRow {
    const row = this.db
      .prepare('SELECT id, name, description, created_at, model_id, model_version FROM cohorts WHERE id = ?')
      .get(id) as CohortDbRow | undefined;
    if (!row) throw new CoreError('COHORT_NOT_FOUND', 'This cohort does not exist (it may be in another database).');
    return row;
  }

  /** The cohort named so, created when missing (the command line addresses cohorts by name). */
  cohortByName(name: string, actor: string): CohortSummary {
    const row = this.db.prepare('SELECT id FROM cohorts WHERE name = ? ORDER BY id LIMIT 1').get(name) as
      | { id: number }
      | undefined;
    return row ? this.summary(row.id) : this.createCohort(name, '', actor);
  }

  listCohorts(): CohortSummary[] {
    const ids = this.db.prepare('SELECT id FROM cohorts ORDER BY id').all() as { id: number }[];
    return ids.map((r) => this.summary(r.id));
  }

  summary(id: number): CohortSummary {
    const c = this.cohort(id);
    const count = (sql: string, ...params: unknown[]): number => (this.db.prepare(sql).get(id, ...params) as { n: number }).n;
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      createdAt: c.created_at,
      modelId: c.model_id,
      modelVersion: c.model_version,
      files: count('SELECT COUNT(*) AS n FROM ecg_files WHERE cohort_id = ?'),
      scored: count(
        `SELECT COUNT(*) AS n FROM ecg_files f JOIN predictions p ON p.sha256 = f.sha256
         WHERE f.cohort_id = ? AND p.model_id = ? AND p.model_version = ?`,
        c.model_id,
        c.model_version,
      ),
      failed: count('SELECT COUNT(*) AS n FROM ecg_files WHERE cohort_id = ? AND error_code IS NOT NULL'),
      labelled: count('SELECT COUNT(*) AS n FROM ecg_files WHERE cohort_id = ? AND label_id IS NOT NULL'),
      overread: count(
        'SELECT COUNT(DISTINCT o.ecg_file_id) AS n FROM overreads o JOIN ecg_files f ON f.id = o.ecg_file_id WHERE f.cohort_id = ?',
      ),
    };
  }

  /** Records which model the cohort is shown with (the last scoring run's). */
  setCohortModel(cohortId: number, modelId: string, modelVersion: string): void {
    this.db.prepare('UPDATE cohorts SET model_id = ?, model_version = ? WHERE id = ?').run(modelId, modelVersion, cohortId);
  }

  /**
   * True when this content already has a prediction with its embedding, or a recorded failure, for this model
   * version. A prediction stored before embeddings were kept (migration 2) is not done: scoring it again adds
   * the embedding and keeps the stored prediction.
   */
  isDone(sha256: string, modelId: string, modelVersion: string): boolean {
    const hit = this.db
      .prepare(
        `SELECT 1 FROM predictions p JOIN embeddings e ON e.sha256 = p.sha256 AND e.model_id = p.model_id AND e.model_version = p.model_version
         WHERE p.sha256 = ? AND p.model_id = ? AND p.model_version = ?
         UNION ALL SELECT 1 FROM scoring_errors WHERE sha256 = ? AND model_id = ? AND model_version = ? LIMIT 1`,
      )
      .get(sha256, modelId, modelVersion, sha256, modelId, modelVersion);
    return hit !== undefined;
  }

  /** Adds a file to a cohort when its content is new there (a re-run keeps the first path seen). */
  ensureFile(cohortId: number, file: FileKey): number {
    this.db
      .prepare(
        `INSERT INTO ecg_files (cohort_id, sha256, path, file_name, size_bytes, added_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (cohort_id, sha256) DO NOTHING`,
      )
      .run(cohortId, file.sha256, file.path, file.fileName, file.sizeBytes, now());
    const row = this.db.prepare('SELECT id FROM ecg_files WHERE cohort_id = ? AND sha256 = ?').get(cohortId, file.sha256) as {
      id: number;
    };
    return row.id;
  }

  /**
   * Commits one scored batch atomically: a kill between batches loses at most the batch in flight, and a
   * prediction that is already there (same content, model, version) is kept, never duplicated.
   */
  commitBatch(cohortId: number, modelId: string, modelVersion: string, items: ScoredItem[]): void {
    const setMeta = this.db.prepare(
      `UPDATE ecg_files SET accession = ?, patient_id = ?, acquisition_time = ?, format = ?, sample_rate_hz = ?,
       leads = ?, duration_s = ?, error_code = NULL, error_message = NULL WHERE id = ?`,
    );
    const setError = this.db.prepare('UPDATE ecg_files SET error_code = ?, error_message = ? WHERE id = ?');
    const insertPrediction = this.db.prepare(
      `INSERT INTO predictions (sha256, model_id, model_version, execution_provider, window_start_s, window_duration_s,
       window_padded_s, primary_head, risk, risk_low, risk_high, risk_threshold, risk_call, queue, uncertainty_score,
       uncertainty_percentile, uncertainty_level, abstain, heads_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256, model_id, model_version) DO NOTHING`,
    );
    const insertHead = this.db.prepare(
      `INSERT INTO prediction_heads (prediction_id, head, label, kind, value, unit, interval_low, interval_high,
       interval_level, threshold, call) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEmbedding = this.db.prepare(
      `INSERT INTO embeddings (sha256, model_id, model_version, dim, mean, logvar, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256, model_id, model_version) DO NOTHING`,
    );
    const insertError = this.db.prepare(
      `INSERT INTO scoring_errors (sha256, model_id, model_version, code, message, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256, model_id, model_version) DO NOTHING`,
    );
    inTransaction(this.db, () => {
      for (const item of items) {
        const fileId = this.ensureFile(cohortId, item.file);
        if (item.kind === 'skipped') continue;
        const m = item.meta;
        if (m) {
          setMeta.run(m.accession, m.patientId, m.acquisitionTime, m.format, m.sampleRateHz, m.leads, m.durationS, fileId);
        }
        if (item.kind === 'failed') {
          setError.run(item.code, item.message, fileId);
          insertError.run(item.file.sha256, modelId, modelVersion, item.code, item.message, now());
          continue;
        }
        const p = item.prediction;
        const e = p.embedding ?? { mean: new Float32Array(0), logvar: new Float32Array(0) };
        insertEmbedding.run(item.file.sha256, p.modelId, p.modelVersion, e.mean.length, f32ToBlob(e.mean), f32ToBlob(e.logvar), now());
        const r = insertPrediction.run(
          item.file.sha256, p.modelId, p.modelVersion, p.executionProvider, p.windowStartS, p.windowDurationS,
          p.windowPaddedS, p.primaryHead, p.risk, p.riskLow, p.riskHigh, p.riskThreshold, p.riskCall, p.queue,
          p.uncertaintyScore, p.uncertaintyPercentile, p.uncertaintyLevel, p.abstain ? 1 : 0, JSON.stringify(p.heads), now(),
        );
        if (r.changes === 0) continue;
        const predictionId = Number(r.lastInsertRowid);
        for (const h of p.heads) {
          insertHead.run(
            predictionId, h.head, h.label, h.kind, h.probability ?? h.value ?? null, h.unit ?? null,
            h.interval[0], h.interval[1], h.intervalLevel, h.threshold, h.call,
          );
        }
      }
    });
  }

  /** Records a reviewer's verdict on one ECG (the latest verdict counts; earlier ones stay for the record). */
  recordOverread(fileId: number, reviewer: string, verdict: Verdict, note: string): void {
    inTransaction(this.db, () => {
      const exists = this.db.prepare('SELECT cohort_id FROM ecg_files WHERE id = ?').get(fileId) as { cohort_id: number } | undefined;
      if (!exists) throw new CoreError('BAD_REQUEST', 'This ECG is not in the cohort database.');
      const r = this.db
        .prepare('INSERT INTO overreads (ecg_file_id, reviewer, verdict, note, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(fileId, reviewer, verdict, note, now());
      this.audit(reviewer, 'overread', 'ecg_file', fileId, { verdict, overreadId: Number(r.lastInsertRowid), hasNote: note !== '' });
    });
  }

  /** The stored path of an ECG in a cohort (to open it in the review workspace). */
  filePath(fileId: number): string {
    const row = this.db.prepare('SELECT path FROM ecg_files WHERE id = ?').get(fileId) as { path: string } | undefined;
    if (!row) throw new CoreError('BAD_REQUEST', 'This ECG is not in the cohort database.');
    return row.path;
  }
}
