import type { EcgRecord } from '../ecg/record';
import { type ErrorValue, toErrorValue } from '../errors';
import { type InputContract, type PreparedInput, preprocessRecord } from './preprocess/pipeline';

/** One message to a preprocessing worker: records (rhythm group only) and the pack's input contract. */
export interface PreprocessJob {
  id: number;
  contract: InputContract;
  windowStartS: number;
  records: EcgRecord[];
}

export type PreprocessOutcome = { ok: true; input: PreparedInput } | { ok: false; error: ErrorValue };

export interface PreprocessReply {
  id: number;
  results: PreprocessOutcome[];
}

/** Runs a job (in a worker or, as the fallback, in the calling thread); never throws. */
export function handlePreprocessJob(job: PreprocessJob): PreprocessReply {
  return {
    id: job.id,
    results: job.records.map((r) => {
      try {
        return { ok: true, input: preprocessRecord(r, job.contract, job.windowStartS) };
      } catch (e) {
        return { ok: false, error: toErrorValue(e) };
      }
    }),
  };
}

/** A record reduced to what preprocessing reads (no patient fields cross the thread boundary). */
export function stripForPreprocessing(record: EcgRecord): EcgRecord {
  const rhythm = record.groups.find((g) => g.kind === 'rhythm') ?? record.groups[0];
  return {
    format: record.format,
    fields: [],
    measurements: {},
    statements: [],
    filters: {},
    warnings: [],
    groups: rhythm ? [{ kind: rhythm.kind, sampleRateHz: rhythm.sampleRateHz, leads: rhythm.leads }] : [],
  };
}
