/**
 * Behaviour of the bundled (trained, simulated) reference pack through the real runtime: WFDB files of the fixed
 * simulated behaviour set (tests/fixtures/sim/, written by models/tools/make_sim_cohort.py --behaviour-fixtures)
 * are read, preprocessed in TypeScript and run with onnxruntime-node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { type LoadedEchoingModel, loadModel } from '../../../../src-main/core/model/model';
import type { PredictionResult } from '../../../../src-main/core/model/types';
import { REFERENCE_PACK, ROOT } from './helpers';

const SIM = join(ROOT, 'tests/fixtures/sim');

interface TorchOut {
  probability: number;
  uncertainty: number;
}
interface SimRecord {
  record: string;
  lvef: number;
  lvefLt40: boolean;
  torch: TorchOut;
  noisyRecord?: string;
  noise?: { startS: number; endS: number };
  torchNoisy?: TorchOut;
}

const expected = JSON.parse(readFileSync(join(SIM, 'expected.json'), 'utf8')) as { records: SimRecord[] };
let model: LoadedEchoingModel;
const clean = new Map<string, PredictionResult>();
const noisy = new Map<string, PredictionResult>();

function probabilityOf(r: PredictionResult): number {
  const p = r.predictions.find((h) => h.kind === 'logistic')?.probability;
  if (p === undefined) throw new Error('no logistic head');
  return p;
}

function knnOf(r: PredictionResult): number {
  const v = r.predictions.find((h) => h.kind === 'knn')?.value;
  if (v === undefined) throw new Error('no knn head');
  return v;
}

/** Mann-Whitney AUROC of scores for positives vs negatives. */
function auroc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

beforeAll(async () => {
  model = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
  for (const r of expected.records) {
    clean.set(r.record, await model.predict(await readEcgFile(join(SIM, r.record)), { topK: 5 }));
    if (r.noisyRecord) noisy.set(r.record, await model.predict(await readEcgFile(join(SIM, r.noisyRecord)), { topK: 5 }));
  }
});
afterAll(async () => {
  await model.dispose();
});

describe('the bundled reference pack has learnt the simulated task', () => {
  it('is the simulated, non-clinical pack', () => {
    expect(model.manifest.clinicalUse).toBe(false);
    expect(model.manifest.trainedOn.toLowerCase()).toContain('simulated');
    expect(model.manifest.clinicalUseStatement).toMatch(/^Not for clinical use/);
  });

  it('gives the probabilities and uncertainties PyTorch gives on the same files', () => {
    for (const r of expected.records) {
      const got = clean.get(r.record) as PredictionResult;
      expect(probabilityOf(got)).toBeCloseTo(r.torch.probability, 3);
      expect(got.uncertainty.score / r.torch.uncertainty).toBeCloseTo(1, 2);
    }
  });

  it('ranks reduced-EF subjects above preserved-EF subjects', () => {
    const pos = expected.records.filter((r) => r.lvefLt40).map((r) => probabilityOf(clean.get(r.record) as PredictionResult));
    const neg = expected.records.filter((r) => !r.lvefLt40).map((r) => probabilityOf(clean.get(r.record) as PredictionResult));
    expect(auroc(pos, neg)).toBeGreaterThanOrEqual(0.75);
  });

  it('raises the uncertainty of a noisy copy as PyTorch does, in most pairs', () => {
    const pairs = expected.records.filter((r) => r.noisyRecord && r.torchNoisy);
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    let higher = 0;
    for (const r of pairs) {
      const c = clean.get(r.record) as PredictionResult;
      const n = noisy.get(r.record) as PredictionResult;
      const torchNoisy = r.torchNoisy as TorchOut;
      expect(n.uncertainty.score / torchNoisy.uncertainty).toBeCloseTo(1, 2);
      expect(n.uncertainty.score > c.uncertainty.score).toBe(torchNoisy.uncertainty > r.torch.uncertainty);
      if (n.uncertainty.score > c.uncertainty.score) higher += 1;
    }
    // the target (the Python test set's 150 pairs: metrics.json noise.noisyHigherFraction)
    expect(higher / pairs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('puts the per-step variance peak inside the noisy interval, in most noisy copies', () => {
    const pairs = expected.records.filter((r) => r.noisyRecord && r.noise);
    let inside = 0;
    for (const r of pairs) {
      const sv = (noisy.get(r.record) as PredictionResult).stepVariance;
      const peak = sv.values.indexOf(Math.max(...sv.values));
      const t = sv.startS + (peak + 0.5) * sv.stepS;
      const noise = r.noise as { startS: number; endS: number };
      // one step of slack either side, as the Python metric (noise.stepPeakInsideFraction)
      if (t >= noise.startS - sv.stepS && t <= noise.endS + sv.stepS) inside += 1;
    }
    // a peak placed at random would land there in about 28 % of copies
    expect(inside / pairs.length).toBeGreaterThanOrEqual(0.75);
  });

  it('retrieves echo studies with LVEF closer to the truth than the library at large', () => {
    const lib = JSON.parse(readFileSync(join(REFERENCE_PACK, 'library.json'), 'utf8')) as {
      studies: { measurements: { lvef: number } }[];
    };
    const all = lib.studies.map((s) => s.measurements.lvef);
    let top = 0;
    let random = 0;
    let knn = 0;
    for (const r of expected.records) {
      const res = clean.get(r.record) as PredictionResult;
      const near = res.similarReports.map((s) => s.measurements.lvef ?? Number.NaN);
      expect(near).toHaveLength(5);
      top += near.reduce((a, v) => a + Math.abs(v - r.lvef), 0) / near.length;
      random += all.reduce((a, v) => a + Math.abs(v - r.lvef), 0) / all.length;
      knn += Math.abs(knnOf(res) - r.lvef);
    }
    expect(top).toBeLessThan(0.8 * random);
    expect(knn).toBeLessThan(0.8 * random);
  });

  it('covers the true LVEF with the calibrated regression intervals at about their level, and states operating points', () => {
    for (const kind of ['knn', 'prompt-regression'] as const) {
      let inside = 0;
      for (const r of expected.records) {
        const h = (clean.get(r.record) as PredictionResult).predictions.find((p) => p.kind === kind);
        if (!h) throw new Error(`no ${kind} head`);
        if (r.lvef >= h.interval[0] && r.lvef <= h.interval[1]) inside += 1;
        expect(h.operatingPoint?.sensitivity).toBeGreaterThan(0);
        expect(h.operatingPoint?.specificity).toBeGreaterThan(0);
      }
      // nominal 90 % (split-conformal on held-out data; 0.90 on the Python test set); 16 records: allow sampling error
      expect(inside / expected.records.length).toBeGreaterThanOrEqual(0.75);
    }
    const logistic = (clean.values().next().value as PredictionResult).predictions.find((p) => p.kind === 'logistic');
    const stated = model.manifest.heads.find((h) => h.kind === 'logistic')?.operatingPoint;
    expect(logistic?.operatingPoint).toEqual(stated);
  });
});
