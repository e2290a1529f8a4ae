import type { EcgRecord } from '../ecg/record';
import { rhythmGroup, groupDurationS } from '../ecg/record';
import type { HeadPrediction, PredictionResult } from '../model/types';
import type { Queue } from './types';

/** A head's output as stored: the probability for logistic heads, the estimate for regression heads. */
export function headValue(head: HeadPrediction): number {
  return head.probability ?? head.value ?? Number.NaN;
}

/** The head the worklist sorts by: the first logistic head (a probability), else the first head. */
export function primaryHead(result: PredictionResult): HeadPrediction | undefined {
  return result.predictions.find((h) => h.kind === 'logistic') ?? result.predictions[0];
}

/**
 * Worklist queue of one prediction. Uncertain: the model abstains; or the uncertainty is high (at or above the
 * pack's split percentile) and the call is negative (a reassuring call the model is unsure of is never
 * "confident negative": the confident-negative queue is the one a site may sign off in bulk, and a missed low
 * ejection fraction is the costly error); or the uncertainty is high and the primary head's interval straddles
 * its threshold (the call could flip). Otherwise by the call. Migration 4 re-queues rows stored before this rule.
 */
export function queueOf(p: {
  abstain: boolean;
  level: string;
  low: number | null;
  high: number | null;
  threshold: number | null;
  call: string | null;
}): Queue {
  if (p.abstain) return 'uncertain';
  if (p.level !== 'low') {
    if (p.call !== 'positive') return 'uncertain';
    if (p.low !== null && p.high !== null && p.threshold !== null && p.low < p.threshold && p.high >= p.threshold) return 'uncertain';
  }
  return p.call === 'positive' ? 'positive' : 'negative';
}

/** What the predictions table stores for one result (heads go to prediction_heads). */
export interface PredictionRowValues {
  modelId: string;
  modelVersion: string;
  executionProvider: string;
  windowStartS: number;
  windowDurationS: number;
  windowPaddedS: number;
  primaryHead: string | null;
  risk: number | null;
  riskLow: number | null;
  riskHigh: number | null;
  riskThreshold: number | null;
  riskCall: string | null;
  queue: Queue;
  uncertaintyScore: number;
  uncertaintyPercentile: number;
  uncertaintyLevel: string;
  abstain: boolean;
  heads: HeadPrediction[];
  /** The ECG's Gaussian embedding, stored with the prediction (cohort migration 2; site adaptation). */
  embedding?: { mean: Float32Array; logvar: Float32Array };
}

export function toPredictionRow(result: PredictionResult): PredictionRowValues {
  const head = primaryHead(result);
  const abstain = result.uncertainty.level === 'abstain';
  const risk = head ? headValue(head) : null;
  const values = {
    primaryHead: head?.head ?? null,
    risk: risk !== null && Number.isFinite(risk) ? risk : null,
    riskLow: head?.interval[0] ?? null,
    riskHigh: head?.interval[1] ?? null,
    riskThreshold: head?.threshold ?? null,
    riskCall: head?.call ?? null,
  };
  return {
    modelId: result.model.id,
    modelVersion: result.model.version,
    executionProvider: result.executionProvider,
    windowStartS: result.window.startS,
    windowDurationS: result.window.durationS,
    windowPaddedS: result.window.paddedS,
    ...values,
    queue: queueOf({
      abstain,
      level: result.uncertainty.level,
      low: values.riskLow,
      high: values.riskHigh,
      threshold: values.riskThreshold,
      call: values.riskCall,
    }),
    uncertaintyScore: result.uncertainty.score,
    uncertaintyPercentile: result.uncertainty.percentile,
    uncertaintyLevel: result.uncertainty.level,
    abstain,
    heads: result.predictions,
    embedding: result.embedding,
  };
}

/** Descriptive fields of a decoded file for ecg_files. accession / patientId are PHI. */
export interface FileMeta {
  accession: string | null;
  patientId: string | null;
  acquisitionTime: string | null;
  format: string;
  sampleRateHz: number | null;
  leads: string;
  durationS: number | null;
}

const ACCESSION = /accession/i;
// A trial subject id (HL7 aECG) is the patient id of a study's label sheet.
const PATIENT_ID = /^(patient[\s_-]*id|patientid|subject[\s_-]*id|mrn|medical[\s_-]*record|patient[\s_-]*number)$/i;

export function fileMetaOf(record: EcgRecord): FileMeta {
  const find = (re: RegExp) =>
    record.fields.find((f) => (re.test(f.key) || re.test(f.label)) && f.value.trim() !== '')?.value.trim() ?? null;
  const group = rhythmGroup(record);
  return {
    accession: find(ACCESSION),
    patientId: find(PATIENT_ID),
    acquisitionTime: record.acquisitionTime ?? null,
    format: record.format,
    sampleRateHz: group?.sampleRateHz ?? null,
    leads: group ? group.leads.map((l) => l.name).join(' ') : '',
    durationS: group ? groupDurationS(group) : null,
  };
}
