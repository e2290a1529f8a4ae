/**
 * Data shapes of the site adaptation (issue 16), shared with the contract (types only: the renderer imports
 * these). A report holds counts and metrics on the held-out test part; never patient identifiers.
 */
import type { CalibrationBin } from '../cohort/metrics';

export type AdaptMethod = 'recalibrate' | 'fewshot' | 'knn';
export const ADAPT_METHODS: readonly AdaptMethod[] = ['recalibrate', 'fewshot', 'knn'];

/** What to adapt to: a label column, continuous or binary, or a continuous one thresholded. */
export interface TargetSpec {
  column: string;
  /** Binary target: value < below is positive. */
  below?: number;
  /** Binary target: value > above is positive. */
  above?: number;
}

/** A label column a cohort offers as a target. */
export interface TargetColumn {
  column: string;
  kind: 'binary' | 'continuous';
  /** Labelled ECGs with a value in this column (scored or not). */
  n: number;
  /** Of those, how many have a stored embedding for the cohort's model. */
  withEmbeddings: number;
  /** Binary columns: values equal to 1. */
  positives?: number;
  min?: number;
  max?: number;
}

export interface AdaptTargets {
  cohortId: number;
  modelId: string | null;
  modelVersion: string | null;
  columns: TargetColumn[];
  /** Labelled, scored ECGs whose embedding is missing (scored before embeddings were stored): the rescore offer. */
  missingEmbeddings: number;
}

export interface AdaptOptions {
  target: TargetSpec;
  methods: AdaptMethod[];
  /** Fraction of patients held out for the test part (default 0.3). */
  testFraction?: number;
  seed?: number;
  /** k of the k-fold cross-validation inside the training part (default 5). */
  folds?: number;
  /** Site name for the adapted pack (default "site"). */
  site?: string;
  /** Learning-curve sizes (default 10, 20, 50, 100, 200 and all). */
  learningCurveSizes?: number[];
  /** Random subsets per learning-curve size (default 3). */
  learningCurveRepeats?: number;
  /** Bootstrap resamples for the intervals (default 1000). */
  bootstrapIterations?: number;
}

export interface ResolvedTarget extends TargetSpec {
  kind: 'binary' | 'continuous';
  label: string;
  /** Binary: the finding name (lvef_lt_40, or the column); continuous: the measurement (the column). */
  name: string;
  unit?: string;
}

export interface PartCounts {
  ecgs: number;
  patients: number;
  positives?: number;
}

export interface BinaryMetrics {
  auroc: number | null;
  aurocInterval: { low: number; high: number; level: number } | null;
  balancedAccuracy: number | null;
  sensitivity: number | null;
  specificity: number | null;
  threshold: number;
  brier: number;
  ece: number;
  calibrationSlope: number | null;
  calibrationIntercept: number | null;
  calibration: CalibrationBin[];
}

export interface ContinuousMetrics {
  mae: number;
  rmse: number;
  /** Mean of estimate - truth. */
  bias: number;
  coverage: number;
  meanWidth: number;
  intervalLevel: number;
  /** The head's call against truth at its threshold (e.g. LVEF < 40), when it has one. */
  call: { threshold: number; callWhen: 'below' | 'above'; sensitivity: number | null; specificity: number | null; balancedAccuracy: number | null };
  calibration: { meanPredicted: number; observed: number; count: number }[];
}

/** A summary of one uncertainty half of the test part. */
export interface HalfMetrics {
  n: number;
  auroc?: number | null;
  balancedAccuracy?: number | null;
  brier?: number;
  mae?: number;
  coverage?: number;
}

export interface HeadEvaluation {
  head: string;
  label: string;
  kind: 'logistic' | 'prompt-regression' | 'knn' | 'linear';
  method: 'base' | AdaptMethod;
  n: number;
  binary?: BinaryMetrics;
  continuous?: ContinuousMetrics;
  uncertaintySplit: { splitPercentile: number; low: HalfMetrics; high: HalfMetrics };
}

export interface MethodSummary {
  head: string;
  method: AdaptMethod;
  baseHead?: string;
  hyperParameters: Record<string, number | string | boolean>;
  /** Cross-validated score of the chosen setting in the training part (Brier or MSE, lower is better). */
  cvScore: number;
  cvMetric: 'brier' | 'mse';
}

export interface Comparison {
  head: string;
  baseHead: string;
  metric: 'brier' | 'mae';
  adapted: number;
  base: number;
  /** adapted - base (negative: the adapted head is better) with a patient-level bootstrap interval. */
  difference: number;
  interval: { low: number; high: number; level: number } | null;
  better: boolean;
}

export interface LearningCurvePoint {
  size: number;
  /** Subsets that could be fitted (a class may be missing in a tiny subset). */
  repeats: number;
  value: number | null;
}

export interface LearningCurve {
  metric: 'brier' | 'mae';
  /** The base heads' value on the test part (flat lines). */
  base: { head: string; value: number }[];
  series: { head: string; method: AdaptMethod; points: LearningCurvePoint[] }[];
}

export interface AdaptationReport {
  createdAt: string;
  site: string;
  cohort: { id: number; name: string; modelId: string; modelVersion: string };
  basePack: { id: string; name: string; version: string };
  target: ResolvedTarget;
  methods: AdaptMethod[];
  split: { by: 'patient'; stratified: true; testFraction: number; seed: number; folds: number };
  counts: {
    labelled: number;
    used: number;
    missingEmbeddings: number;
    withoutPatientId: number;
    patients: number;
    train: PartCounts;
    test: PartCounts;
  };
  fitted: MethodSummary[];
  base: HeadEvaluation[];
  adapted: HeadEvaluation[];
  comparisons: Comparison[];
  learningCurve: LearningCurve;
  warnings: string[];
  timings: { fitS: number; evaluateS: number; learningCurveS: number; totalS: number };
}

/** Progress of an adaptation run (stage names are for people; fraction 0..1 over the whole run). */
export interface AdaptProgress {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  stage: string;
  fraction: number;
  error?: { code: string; message: string };
}
