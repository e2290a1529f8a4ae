import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { rhythmGroup } from '../../../../src-main/core/ecg/record';
import { CoreError } from '../../../../src-main/core/errors';
import type { EchoingModel, PredictionResult } from '../../../../src-main/core/model/types';

/**
 * A deterministic stand-in engine for cohort tests (the scorer's contract is the EchoingModel interface):
 * its outputs are a fixed function of the record's samples, so a re-run must reproduce them exactly.
 * Records with fewer than 8 leads are refused with MISSING_LEADS, as the real runtime does.
 */
export function fakeModel(version = '1.0.0', delayMs = 0): EchoingModel {
  const summary = {
    id: 'fake-engine', name: 'Fake engine (tests)', version, clinical: false,
    clinicalUseStatement: 'Tests only', licence: 'none',
  };
  const predict = async (record: EcgRecord): Promise<PredictionResult> => {
    const g = rhythmGroup(record);
    if (!g || g.leads.length < 8) throw new CoreError('MISSING_LEADS', 'The ECG has fewer than 8 leads.');
    let sum = 0;
    let n = 0;
    for (const lead of g.leads) for (let i = 0; i < lead.samples.length; i += 7) { sum += Math.abs(lead.samples[i] as number); n += 1; }
    const meanAbs = sum / Math.max(1, n);
    const p = 1 / (1 + Math.exp(-(meanAbs - 150) / 60));
    const score = (g.sampleRateHz % 97) / 97;
    const percentile = Math.round(score * 100);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return {
      model: summary, executionProvider: 'cpu', window: { startS: 0, durationS: 10, paddedS: 0 },
      uncertainty: { score, percentile, level: percentile >= 90 ? 'abstain' : percentile >= 50 ? 'high' : 'low' },
      predictions: [
        { head: 'lvef-lt-40', label: 'LVEF < 40 %', kind: 'logistic', probability: p, interval: [p * 0.8, Math.min(1, p * 1.2)], intervalLevel: 0.9, threshold: 0.5, call: p >= 0.5 ? 'positive' : 'negative' },
        { head: 'lvef-knn', label: 'LVEF (nearest)', kind: 'knn', value: 60 - 30 * p, unit: '%', interval: [50 - 30 * p, 70 - 30 * p], intervalLevel: 0.9, threshold: 40, call: 60 - 30 * p < 40 ? 'positive' : 'negative' },
      ],
      similarReports: [], stepVariance: { startS: 0, stepS: 0.16, values: [] },
      embedding: { mean: new Float32Array(0), logvar: new Float32Array(0) },
    };
  };
  return {
    summary, executionProvider: 'cpu', predict,
    predictBatch: async (records) => Promise.all(records.map((r) => predict(r))),
    dispose: async () => undefined,
  };
}

/** Module form for job specs (`modelModule`): createModel(dir) ignores the folder. */
export async function createModel(_dir: string): Promise<EchoingModel> {
  return fakeModel(process.env.FAKE_MODEL_VERSION ?? '1.0.0', Number(process.env.FAKE_MODEL_DELAY_MS ?? 0));
}
