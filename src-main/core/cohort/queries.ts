import type { CohortStore } from './store';
import type { HeadPrediction } from '../model/types';
import type { CohortRow, Queue, QueueCounts, RowQuery, RowPage, RowSortKey, StoredPrediction, UncertaintyLevelValue, Verdict } from './types';

/** SQL for each sort key (fixed strings: the request only picks a key, never supplies SQL). */
const SORT_SQL: Record<RowSortKey, string> = {
  risk: 'p.risk',
  uncertainty: 'p.uncertainty_percentile',
  fileName: 'f.file_name',
  acquisitionTime: 'f.acquisition_time',
  queue: "CASE p.queue WHEN 'positive' THEN 0 WHEN 'uncertain' THEN 1 WHEN 'negative' THEN 2 END",
  lvef: 'l.lvef',
};

const ROW_SELECT = `
SELECT f.id AS fileId, f.file_name AS fileName, f.sha256, f.accession, f.patient_id AS patientId,
  f.acquisition_time AS acquisitionTime, f.format, f.sample_rate_hz AS sampleRateHz, f.leads,
  f.error_code AS errorCode, f.error_message AS errorMessage,
  p.model_id AS modelId, p.model_version AS modelVersion, p.primary_head AS primaryHead,
  (SELECT h.label FROM prediction_heads h WHERE h.prediction_id = p.id AND h.head = p.primary_head) AS primaryLabel, p.risk, p.risk_low AS riskLow,
  p.risk_high AS riskHigh, p.risk_call AS riskCall, p.uncertainty_score AS uncertaintyScore,
  p.uncertainty_percentile AS uncertaintyPercentile, p.uncertainty_level AS uncertaintyLevel, p.abstain, p.queue,
  l.lvef AS labelLvef, l.positive AS labelPositive, l.echo_date AS labelDate, f.label_join AS labelJoin,
  o.verdict AS ovVerdict, o.reviewer AS ovReviewer, o.note AS ovNote, o.created_at AS ovAt
FROM ecg_files f
LEFT JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id IS ? AND p.model_version IS ?
LEFT JOIN labels l ON l.id = f.label_id
LEFT JOIN overreads o ON o.id = (SELECT MAX(id) FROM overreads WHERE ecg_file_id = f.id)`;

interface RawRow {
  fileId: number; fileName: string; sha256: string; accession: string | null; patientId: string | null;
  acquisitionTime: string | null; format: string | null; sampleRateHz: number | null; leads: string | null;
  errorCode: string | null; errorMessage: string | null; modelId: string | null; modelVersion: string | null;
  primaryHead: string | null; primaryLabel: string | null; risk: number | null; riskLow: number | null; riskHigh: number | null; riskCall: string | null;
  uncertaintyScore: number | null; uncertaintyPercentile: number | null; uncertaintyLevel: string | null;
  abstain: number | null; queue: string | null; labelLvef: number | null; labelPositive: number | null;
  labelDate: string | null; labelJoin: string | null; ovVerdict: string | null; ovReviewer: string | null;
  ovNote: string | null; ovAt: string | null;
}

function toRow(r: RawRow): CohortRow {
  return {
    fileId: r.fileId, fileName: r.fileName, sha256: r.sha256, accession: r.accession, patientId: r.patientId,
    acquisitionTime: r.acquisitionTime, format: r.format, sampleRateHz: r.sampleRateHz, leads: r.leads,
    errorCode: r.errorCode, errorMessage: r.errorMessage, modelId: r.modelId, modelVersion: r.modelVersion,
    primaryHead: r.primaryHead, primaryLabel: r.primaryLabel, risk: r.risk, riskLow: r.riskLow, riskHigh: r.riskHigh, riskCall: r.riskCall,
    uncertaintyScore: r.uncertaintyScore, uncertaintyPercentile: r.uncertaintyPercentile,
    uncertaintyLevel: r.uncertaintyLevel as UncertaintyLevelValue | null,
    abstain: r.abstain === null ? null : r.abstain === 1,
    queue: r.queue as Queue | null,
    label:
      r.labelJoin === null
        ? null
        : { lvef: r.labelLvef, positive: r.labelPositive === null ? null : r.labelPositive === 1, echoDate: r.labelDate, join: r.labelJoin },
    overread:
      r.ovVerdict === null
        ? null
        : { verdict: r.ovVerdict as Verdict, reviewer: r.ovReviewer ?? '', note: r.ovNote ?? '', at: r.ovAt ?? '' },
  };
}

/** WHERE clause and its parameters for a row query (values bound, never spliced). */
function where(q: Pick<RowQuery, 'cohortId' | 'filter'>): { sql: string; params: unknown[] } {
  const parts = ['f.cohort_id = ?'];
  const params: unknown[] = [q.cohortId];
  const f = q.filter;
  if (f.queue) {
    parts.push('p.queue = ?');
    params.push(f.queue);
  }
  if (f.status === 'scored') parts.push('p.id IS NOT NULL');
  if (f.status === 'failed') parts.push('p.id IS NULL AND f.error_code IS NOT NULL');
  if (f.status === 'pending') parts.push('p.id IS NULL AND f.error_code IS NULL');
  if (f.overread === 'none') parts.push('o.id IS NULL');
  if (f.overread === 'done') parts.push('o.id IS NOT NULL');
  if (f.search) {
    parts.push("f.file_name LIKE ? ESCAPE '\\'");
    params.push(`%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: parts.join(' AND '), params };
}

/** One page of a cohort's rows, sorted (nulls last, then by file id for a stable order) and filtered. */
export function queryRows(store: CohortStore, q: RowQuery): RowPage {
  const c = store.cohort(q.cohortId);
  const w = where(q);
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
  const order = `${SORT_SQL[q.sort]} ${dir} NULLS LAST, f.id ASC`;
  const total = (
    store.db.prepare(`SELECT COUNT(*) AS n FROM (${ROW_SELECT} WHERE ${w.sql})`).get(c.model_id, c.model_version, ...w.params) as {
      n: number;
    }
  ).n;
  const rows = store.db
    .prepare(`${ROW_SELECT} WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(c.model_id, c.model_version, ...w.params, q.limit, q.offset) as RawRow[];
  return { total, offset: q.offset, rows: rows.map(toRow) };
}

/** Size of each worklist queue and how many of its ECGs have an overread. */
export function worklistCounts(store: CohortStore, cohortId: number): QueueCounts[] {
  const c = store.cohort(cohortId);
  const rows = store.db
    .prepare(
      `SELECT p.queue AS queue, COUNT(*) AS total,
         SUM(CASE WHEN EXISTS (SELECT 1 FROM overreads o WHERE o.ecg_file_id = f.id) THEN 1 ELSE 0 END) AS reviewed
       FROM ecg_files f JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id IS ? AND p.model_version IS ?
       WHERE f.cohort_id = ? GROUP BY p.queue`,
    )
    .all(c.model_id, c.model_version, cohortId) as { queue: Queue; total: number; reviewed: number }[];
  return (['positive', 'uncertain', 'negative'] as const).map((queue) => {
    const r = rows.find((x) => x.queue === queue);
    return { queue, total: r?.total ?? 0, reviewed: r?.reviewed ?? 0 };
  });
}

/** The stored prediction of a cohort ECG for the cohort's model, or null when it was not scored with it. */
export function storedPrediction(store: CohortStore, fileId: number): StoredPrediction | null {
  const row = store.db
    .prepare(
      `SELECT f.id AS fileId, f.cohort_id AS cohortId, p.model_id AS modelId, p.model_version AS modelVersion,
         p.execution_provider AS executionProvider, p.window_start_s AS startS, p.window_duration_s AS durationS,
         p.window_padded_s AS paddedS, p.uncertainty_score AS score, p.uncertainty_percentile AS percentile,
         p.uncertainty_level AS level, p.heads_json AS heads, p.created_at AS scoredAt
       FROM ecg_files f JOIN cohorts c ON c.id = f.cohort_id
       JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id = c.model_id AND p.model_version = c.model_version
       WHERE f.id = ?`,
    )
    .get(fileId) as
    | { fileId: number; cohortId: number; modelId: string; modelVersion: string; executionProvider: string; startS: number; durationS: number;
        paddedS: number; score: number; percentile: number; level: UncertaintyLevelValue; heads: string; scoredAt: string }
    | undefined;
  if (!row) return null;
  return {
    fileId: row.fileId,
    cohortId: row.cohortId,
    modelId: row.modelId,
    modelVersion: row.modelVersion,
    executionProvider: row.executionProvider,
    window: { startS: row.startS, durationS: row.durationS, paddedS: row.paddedS },
    uncertainty: { score: row.score, percentile: row.percentile, level: row.level },
    predictions: JSON.parse(row.heads) as HeadPrediction[],
    scoredAt: row.scoredAt,
  };
}
