import type { HeadPrediction } from '../model/types';
import type { CalibrationBin, Confusion, CoveragePoint, GroupSummary } from './metrics';

/**
 * Data shapes of the cohort module, shared with the contract (types only: the renderer imports these).
 */

export type Verdict = 'agree' | 'disagree' | 'unsure';
export type Queue = 'positive' | 'uncertain' | 'negative';
export type UncertaintyLevelValue = 'low' | 'high' | 'abstain';

export interface CohortSummary {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  modelId: string | null;
  modelVersion: string | null;
  files: number;
  scored: number;
  failed: number;
  labelled: number;
  overread: number;
}

export interface RowLabel {
  lvef: number | null;
  positive: boolean | null;
  echoDate: string | null;
  join: string | null;
}

export interface RowOverread {
  verdict: Verdict;
  reviewer: string;
  note: string;
  at: string;
}

/** One ECG of a cohort with its latest prediction (for the cohort's model), label and overread. */
export interface CohortRow {
  fileId: number;
  fileName: string;
  sha256: string;
  /** PHI: shown to the reviewer, never logged, dropped or hashed on de-identified export. */
  accession: string | null;
  patientId: string | null;
  acquisitionTime: string | null;
  format: string | null;
  sampleRateHz: number | null;
  leads: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  modelId: string | null;
  modelVersion: string | null;
  primaryHead: string | null;
  /** The primary head's label as the pack states it (e.g. "LVEF < 40 %"). */
  primaryLabel: string | null;
  risk: number | null;
  riskLow: number | null;
  riskHigh: number | null;
  riskCall: string | null;
  uncertaintyScore: number | null;
  uncertaintyPercentile: number | null;
  uncertaintyLevel: UncertaintyLevelValue | null;
  abstain: boolean | null;
  queue: Queue | null;
  label: RowLabel | null;
  overread: RowOverread | null;
}

export const ROW_SORT_KEYS = ['risk', 'uncertainty', 'fileName', 'acquisitionTime', 'queue', 'lvef'] as const;
export type RowSortKey = (typeof ROW_SORT_KEYS)[number];

export interface RowFilter {
  queue?: Queue;
  status?: 'scored' | 'failed' | 'pending';
  overread?: 'none' | 'done';
  /** Substring of the file name (not of identifiers, which stay out of queries' logs anyway). */
  search?: string;
}

export interface RowQuery {
  cohortId: number;
  sort: RowSortKey;
  direction: 'asc' | 'desc';
  filter: RowFilter;
  offset: number;
  limit: number;
}

export interface RowPage {
  total: number;
  offset: number;
  rows: CohortRow[];
}

export type JobState = 'counting' | 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

export interface JobProgress {
  jobId: string;
  cohortId: number;
  state: JobState;
  /** Candidate files found so far (the total once counting is done). */
  total: number | null;
  processed: number;
  scored: number;
  skipped: number;
  failed: number;
  filesPerSecond: number;
  etaSeconds: number | null;
  elapsedS: number;
  /** Set when state is failed: a coded, PHI-free message. */
  error?: { code: string; message: string };
  labels?: LabelJoinReport;
}

/** What a labels import did; rows are CSV line numbers, never identifiers. */
export interface LabelJoinReport {
  labelRows: number;
  invalidRows: { row: number; reason: string }[];
  joined: { byFile: number; byAccession: number; byPatientDate: number };
  unjoinedLabels: { row: number; reason: string }[];
  filesWithoutLabel: number;
}

/** Everything the validation screen and `cohort metrics` show, computed on the labelled, scored ECGs. */
export interface CohortMetrics {
  cohortId: number;
  modelId: string;
  modelVersion: string;
  head: string;
  threshold: number;
  n: number;
  positives: number;
  negatives: number;
  auroc: number | null;
  aurocInterval: { low: number; high: number; level: number; iterations: number; seed: number } | null;
  atThreshold: Confusion;
  calibration: CalibrationBin[];
  coverage: CoveragePoint[];
  uncertaintySplit: { splitPercentile: number; low: GroupSummary; high: GroupSummary };
  roc: { fpr: number; tpr: number }[];
  computedAt: string;
}


/**
 * A cohort ECG's prediction as batch scoring stored it (for the cohort's model): what the review workspace shows
 * without running the model again. Retrieval and the per-step variance are not stored; the embedding is stored
 * apart (table embeddings, for site adaptation) and not part of this view.
 */
export interface StoredPrediction {
  fileId: number;
  cohortId: number;
  modelId: string;
  modelVersion: string;
  executionProvider: string;
  window: { startS: number; durationS: number; paddedS: number };
  uncertainty: { score: number; percentile: number; level: UncertaintyLevelValue };
  predictions: HeadPrediction[];
  scoredAt: string;
}

export interface QueueCounts {
  queue: Queue;
  total: number;
  reviewed: number;
}
