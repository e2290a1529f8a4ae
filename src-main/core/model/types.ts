import type { EcgRecord } from '../ecg/record';
import type { ErrorValue } from '../errors';

/**
 * The model runtime's public types: what a prediction contains. Shared by the CLI, the IPC handlers and the
 * cohort scorer. Owned by src-main/core/model/ (extend, keep compatible).
 */

export type ExecutionProviderChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';

export type UncertaintyLevel = 'low' | 'high' | 'abstain';

export interface ModelSummary {
  id: string;
  name: string;
  version: string;
  clinical: boolean;
  clinicalUseStatement: string;
  licence: string;
  /** A site-adapted pack (schema 2 `adaptation`): the pack it was adapted from and the site's name. */
  adaptedFrom?: { id: string; name: string; version: string; site: string; createdAt: string };
  /** Present for an int8 pack made from another (manifest `quantization`): its base and the measured agreement. */
  quantization?: QuantizedSummary;
}

/** What the app shows about a quantized pack. */
export interface QuantizedSummary {
  method: string;
  baseId: string;
  baseVersion: string;
  /** The agreement reaches the app's bar (>= 99 % identical calls on every head, mean cosine >= 0.999). */
  equivalent: boolean;
  meanCosine: number;
  /** The lowest share of identical calls over the heads (1 when the pack has none). */
  minIdenticalCalls: number;
  fixedSetSize: number;
}

export interface HeadPrediction {
  head: string;
  label: string;
  kind: 'logistic' | 'prompt-regression' | 'knn' | 'linear';
  /** 'site' for a kNN head ranking a site-adapted pack's site library (similar ECGs of the site, not echo studies). */
  library?: 'site';
  /** For logistic heads: probability of the finding (0..1). */
  probability?: number;
  /** For regression heads (prompt, kNN): the estimate in `unit`. */
  value?: number;
  unit?: string;
  /**
   * Interval at `intervalLevel`: central quantiles over Monte Carlo samples of the Gaussian embedding; for a
   * regression head with a split-conformal `calibration`, widened to cover estimate + held-out residual quantiles.
   */
  interval: [number, number];
  intervalLevel: number;
  threshold: number;
  call: 'positive' | 'negative';
  /** Regression heads: the call is positive when the estimate is below (or above) the threshold. */
  callWhen?: 'below' | 'above';
  /**
   * Sensitivity and specificity of `call` measured on the pack's held-out data (from the manifest head's
   * `operatingPoint`), so a reader can compute PPV/NPV at a prevalence. Absent when the pack does not state it.
   */
  operatingPoint?: { sensitivity: number; specificity: number };
  /**
   * Regression heads that state it (schema 2, site-adapted): the values the measurement can physically take.
   * The interval lies inside it; an estimate outside it is implausible and never shown (boundary checks).
   */
  plausibleRange?: [number, number];
}

export interface SimilarReport {
  id: string;
  /** Closed-form sampled distance (lower is closer). */
  score: number;
  /** Match probability when the pack is calibrated. */
  matchProbability?: number;
  report: string;
  measurements: Record<string, number>;
  date?: string;
}

export interface StepVariance {
  /** Source-time (seconds from the record's start) of the first step's start. */
  startS: number;
  /** Seconds per step on the source time axis. */
  stepS: number;
  /** Per-step variance: mean over embedding dims of exp(step_logvar). */
  values: number[];
}

export interface PredictionResult {
  model: ModelSummary;
  executionProvider: string;
  window: { startS: number; durationS: number; paddedS: number };
  uncertainty: {
    score: number;
    percentile: number;
    level: UncertaintyLevel;
    /** Percentile of the pack's reference set from which the level is 'high' (so a reader can say what high means). */
    splitPercentile?: number;
    /** Percentile from which the model abstains. */
    abstainPercentile?: number;
  };
  predictions: HeadPrediction[];
  similarReports: SimilarReport[];
  /** A site-adapted pack's nearest labelled ECGs of the site, with their echo values (absent otherwise). */
  similarSiteEcgs?: SimilarReport[];
  stepVariance: StepVariance;
  embedding: { mean: Float32Array; logvar: Float32Array };
}

/** One record's outcome when a batch may contain records that cannot be scored (each with its coded error). */
export type PredictionOutcome = { ok: true; result: PredictionResult } | { ok: false; error: ErrorValue };

export interface PredictOptions {
  /** Window start in seconds from the rhythm's start (default 0). */
  windowStartS?: number;
  /** How many similar reports to return (default 5). */
  topK?: number;
}

/** A loaded pack with a live inference session. */
export interface EchoingModel {
  readonly summary: ModelSummary;
  readonly executionProvider: string;
  predict(record: EcgRecord, options?: PredictOptions): Promise<PredictionResult>;
  /** Batched: one session run per batch; results in input order. Errors per record are thrown as CoreError. */
  predictBatch(records: EcgRecord[], options?: PredictOptions): Promise<PredictionResult[]>;
  dispose(): Promise<void>;
}

/** One installed pack as the UI lists it (manifest read, files not hashed until activated). */
export interface PackListing extends ModelSummary {
  source: 'bundled' | 'user';
  dir: string;
  active: boolean;
  /** Why the pack cannot be used (it is still listed so the user sees it). */
  error?: ErrorValue;
}

/** How much blanking each lead x region raises the uncertainty score (positive: blanking it raised the uncertainty). */
export interface OcclusionMap {
  leads: string[];
  /** Source time (s) of the first region's start, and each region's width. */
  startS: number;
  regionS: number;
  baseScore: number;
  /** [lead][region]: score with that region blanked minus the base score. */
  delta: number[][];
}

