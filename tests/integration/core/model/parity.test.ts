import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedEchoingModel, loadModel } from '../../../../src-main/core/model/model';
import { loadPackData } from '../../../../src-main/core/model/pack/load';
import { meanExpLogvar } from '../../../../src-main/core/model/results/gaussian';
import { knnNeighbours, librarySumExp, promptEstimate } from '../../../../src-main/core/model/results/heads';
import { sigmoid } from '../../../../src-main/core/model/results/stats';
import { MODEL_FIXTURES, REFERENCE_PACK, maxAbsDiff, readF32 } from './helpers';

interface ModelIndex {
  pack: { id: string; modelSha256: string };
  tolerance: number;
  names: string[];
  inputs: { file: string; shape: number[] };
  outputs: Record<'mean' | 'logvar' | 'step_logvar', { file: string; shape: number[] }>;
  expected: {
    uncertaintyScore: number[];
    heads: Record<string, { probability?: number[]; estimate?: number[]; neighbours?: string[][] }>;
  };
}

const index = JSON.parse(readFileSync(join(MODEL_FIXTURES, 'index.json'), 'utf8')) as ModelIndex;
const n = index.names.length;
let model: LoadedEchoingModel;

beforeAll(async () => {
  model = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
});
afterAll(async () => {
  await model.dispose();
});

describe('ONNX Runtime in Node reproduces the PyTorch outputs of the reference pack', () => {
  it('fixtures belong to the committed pack', () => {
    const entry = model.manifest.files.find((f) => f.path === 'model.onnx');
    expect(entry?.sha256).toBe(index.pack.modelSha256);
  });

  it('mean, logvar and step_logvar to 1e-4', async () => {
    const out = await model.runInputs(readF32(join(MODEL_FIXTURES, index.inputs.file)), n);
    const errs = {
      mean: maxAbsDiff(out.mean, readF32(join(MODEL_FIXTURES, index.outputs.mean.file))),
      logvar: maxAbsDiff(out.logvar, readF32(join(MODEL_FIXTURES, index.outputs.logvar.file))),
      stepLogvar: maxAbsDiff(out.stepLogvar, readF32(join(MODEL_FIXTURES, index.outputs.step_logvar.file))),
    };
    expect(errs.mean).toBeLessThan(1e-4);
    expect(errs.logvar).toBeLessThan(1e-4);
    expect(errs.stepLogvar).toBeLessThan(1e-4);
  });

  it('batch of one gives the same outputs as the batch of four (dynamic batch axis)', async () => {
    const x = readF32(join(MODEL_FIXTURES, index.inputs.file));
    const per = 12 * 1000;
    const all = await model.runInputs(x, n);
    const one = await model.runInputs(x.slice(2 * per, 3 * per), 1);
    expect(maxAbsDiff(one.mean, all.mean.subarray(2 * 512, 3 * 512))).toBeLessThan(1e-5);
  });

  it('heads and uncertainty reproduce the Python point estimates', async () => {
    const data = await loadPackData(REFERENCE_PACK);
    const mean = readF32(join(MODEL_FIXTURES, index.outputs.mean.file));
    const logvar = readF32(join(MODEL_FIXTURES, index.outputs.logvar.file));
    const d = data.dim;
    const lib = data.library;
    if (!lib) throw new Error('reference pack has a library');
    const sumExp = librarySumExp(lib.logvars, lib.studies.length, d);
    for (let r = 0; r < n; r++) {
      const mu = mean.subarray(r * d, (r + 1) * d);
      const lv = logvar.subarray(r * d, (r + 1) * d);
      expect(meanExpLogvar(lv)).toBeCloseTo(index.expected.uncertaintyScore[r] as number, 6);
      for (const h of data.manifest.heads) {
        const exp = index.expected.heads[h.id];
        if (h.kind === 'logistic') {
          const p = sigmoid(h.weights.reduce((a, w, k) => a + w * (mu[k] as number), 0) + h.bias);
          expect(p).toBeCloseTo(exp?.probability?.[r] as number, 6);
        } else if (h.kind === 'prompt-regression') {
          const prompts = data.prompts.get(h.id) as Float32Array;
          expect(promptEstimate(mu, prompts, h.values, h.topFraction, d)).toBeCloseTo(exp?.estimate?.[r] as number, 6);
        } else if (h.kind === 'knn') {
          let qv = 0;
          for (const v of lv) qv += Math.exp(v);
          const nn = knnNeighbours(mu, qv, { ...lib, sumExp }, h.k, d);
          expect(nn.map((j) => lib.studies[j]?.id)).toEqual(exp?.neighbours?.[r]);
        }
      }
    }
  });
});
