import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import type { EngineFactory, EngineOutputs } from '../../../../src-main/core/model/engine/types';
import { loadModel } from '../../../../src-main/core/model/model';
import { occlusionMap } from '../../../../src-main/core/model/occlusion';
import type { PackManifest } from '../../../../src-main/core/model/pack/manifest';
import { scorePercentile, similarReports, stepVariance, uncertaintyLevel } from '../../../../src-main/core/model/results/assemble';
import { librarySumExp, predictHead, topCount, topIndices } from '../../../../src-main/core/model/results/heads';
import { centralInterval, normals, quantile } from '../../../../src-main/core/model/results/stats';

const D = 4;

describe('uncertainty placement', () => {
  const q = Array.from({ length: 101 }, (_, i) => i / 100);
  it('interpolates the percentile on the reference quantiles and clamps', () => {
    expect(scorePercentile(0.375, q)).toBeCloseTo(37.5, 9);
    expect(scorePercentile(-1, q)).toBe(0);
    expect(scorePercentile(2, q)).toBe(100);
    const flat = q.map((v) => (v >= 0.2 && v <= 0.4 ? 0.3 : v));
    expect(scorePercentile(0.3, flat)).toBeCloseTo(30, 9);
  });
  it('levels: low below the split, high from it, abstain from the abstain percentile', () => {
    expect(uncertaintyLevel(49.9, 50, 90)).toBe('low');
    expect(uncertaintyLevel(50, 50, 90)).toBe('high');
    expect(uncertaintyLevel(95, 50, 90)).toBe('abstain');
    expect(uncertaintyLevel(95, 50, 99)).toBe('high');
  });
  it('per-step variance lands on the source time axis', () => {
    const sv = stepVariance(new Float32Array([0, 0, Math.log(2), Math.log(4)]), 2, 2, 3.5, 0.16);
    expect(sv.startS).toBe(3.5);
    expect(sv.stepS).toBe(0.16);
    expect(sv.values[0]).toBeCloseTo(1, 6);
    expect(sv.values[1]).toBeCloseTo(3, 6);
  });
});

describe('statistics helpers', () => {
  it('seeded normals are reproducible and standard', () => {
    const a = normals(7, 20_000);
    expect(Array.from(normals(7, 10))).toEqual(Array.from(a.subarray(0, 10)));
    expect(Array.from(normals(8, 10))).not.toEqual(Array.from(a.subarray(0, 10)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
  it('quantiles interpolate like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    const [lo, hi] = centralInterval([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8);
    expect(lo).toBeCloseTo(1, 12);
    expect(hi).toBeCloseTo(9, 12);
  });
  it('top-k selection breaks ties by index and honours the direction', () => {
    const s = new Float64Array([3, 1, 3, 0, 1]);
    expect(topIndices(s, 3, true)).toEqual([3, 1, 4]);
    expect(topIndices(s, 2, false)).toEqual([0, 2]);
    expect(topCount(0.2, 101)).toBe(20);
    expect(topCount(0.001, 10)).toBe(1);
  });
});

describe('heads', () => {
  const g = (logvar: number) => ({ mean: new Float32Array([1, 0, 0, 0]), logvar: new Float32Array(D).fill(logvar) });
  const samples = (gg: ReturnType<typeof g>, n: number): Float64Array => {
    const eps = normals(1, n * D);
    return Float64Array.from({ length: n * D }, (_, i) => (gg.mean[i % D] as number) + Math.exp((gg.logvar[i % D] as number) / 2) * (eps[i] as number));
  };
  const ctx = { dim: D, prompts: new Map<string, Float32Array>(), intervalLevel: 0.9 };
  const logistic = { id: 'h', kind: 'logistic' as const, label: 'H', weights: [2, 0, 0, 0], bias: -1, threshold: 0.5 };
  it('logistic: probability, interval that widens with the variance, call at the threshold', () => {
    const tight = g(-20);
    const p = predictHead(logistic, tight, samples(tight, 200), 200, ctx);
    expect(p.probability).toBeCloseTo(1 / (1 + Math.exp(-1)), 9);
    expect(p.interval[1] - p.interval[0]).toBeLessThan(1e-3);
    expect(p.call).toBe('positive');
    const wide = g(0);
    const w = predictHead(logistic, wide, samples(wide, 200), 200, ctx);
    expect(w.interval[1] - w.interval[0]).toBeGreaterThan(0.3);
    expect(predictHead({ ...logistic, threshold: 0.9 }, tight, samples(tight, 10), 10, ctx).call).toBe('negative');
  });
  it('prompt regression: median of the top prompts; call below the threshold', () => {
    const prompts = new Float32Array([1, 0, 0, 0, 0.9, 0.436, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0]);
    const head = { id: 'p', kind: 'prompt-regression' as const, label: 'P', unit: '%', values: [20, 30, 60, 80, 70], file: 'p.bin', topFraction: 0.4, threshold: 40, callWhen: 'below' as const };
    const c = { ...ctx, prompts: new Map([['p', prompts]]) };
    const tight = g(-20);
    const r = predictHead(head, tight, samples(tight, 20), 20, c);
    expect(r.value).toBe(25);
    expect(r.call).toBe('positive');
  });
  it('kNN: mean of the nearest studies by CSD; retrieval ranks the same way with match probability', () => {
    const means = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0.9, 0.1, 0, 0, -1, 0, 0, 0]);
    const logvars = new Float32Array(16).fill(-5);
    logvars.fill(3, 8, 12); // study 2 is close in mean but very uncertain: CSD ranks it last
    const studies = [20, 50, 30, 70].map((lvef, i) => ({ id: `s${i}`, report: `r${i}`, measurements: { lvef } }));
    const lib = { studies, means, logvars, sumExp: librarySumExp(logvars, 4, D) };
    const head = { id: 'k', kind: 'knn' as const, label: 'K', measurement: 'lvef', k: 2, threshold: 40, callWhen: 'below' as const };
    const tight = g(-20);
    const r = predictHead(head, tight, samples(tight, 30), 30, { ...ctx, library: lib });
    expect(r.value).toBe(35);
    expect(r.call).toBe('positive');
    const sim = similarReports(tight, lib, 3, D, { a: 5, b: 5 });
    expect(sim.map((s) => s.id)).toEqual(['s0', 's1', 's3']);
    expect(sim[0]?.matchProbability).toBeCloseTo(1 / (1 + Math.exp(5 * (sim[0]?.score ?? 0) - 5)), 9);
    expect(similarReports(tight, lib, 2, D).every((s) => s.matchProbability === undefined)).toBe(true);
  });
});

describe('occlusion', () => {
  const manifest = {
    input: { leads: ['A', 'B'], samples: 100, sampleRateHz: 100 },
    outputs: { logvar: { dims: [1] } },
  } as unknown as PackManifest;
  // Fake network: log-variance = log(1 + number of zero samples in lead A's first half).
  const run = (x: Float32Array, n: number): Promise<EngineOutputs> => {
    const logvar = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let zeros = 0;
      for (let t = 0; t < 50; t++) if (x[i * 200 + t] === 0) zeros++;
      logvar[i] = Math.log(1 + zeros);
    }
    return Promise.resolve({ batch: n, mean: new Float32Array(n), logvar, stepLogvar: new Float32Array(n) });
  };
  const input = { data: new Float32Array(200).fill(1), window: { startS: 2, durationS: 1, paddedS: 0 } };
  it('blanks every lead x region, in batches, reporting progress', async () => {
    const progress: number[] = [];
    const map = await occlusionMap(input, manifest, run, { regionS: 0.25, batch: 3, onProgress: (d) => progress.push(d) });
    expect(map.delta.map((row) => row.map((v) => Math.round(v * 1e4) / 1e4))).toEqual([[25, 25, 0, 0], [0, 0, 0, 0]]);
    expect(map.startS).toBe(2);
    expect(progress).toEqual([0, 3, 6, 8]);
  });
  it('cancels with CANCELLED', async () => {
    const ac = new AbortController();
    const p = occlusionMap(input, manifest, run, { regionS: 0.1, batch: 2, signal: ac.signal, onProgress: (d) => d >= 4 && ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('model above a fake engine', () => {
  it('predicts with plain typed arrays, reports the engine provider, and disposes it', async () => {
    let disposed = false;
    const fake: EngineFactory = (spec) =>
      Promise.resolve({
        executionProvider: 'fake',
        fallbacks: [{ provider: 'cuda', reason: 'not here' }],
        run: (x: Float32Array, n: number) => {
          const [t, d] = spec.outputs.stepLogvar.dims as [number, number];
          const mean = new Float32Array(n * d);
          for (let i = 0; i < n; i++) mean[i * d + (i % d)] = 1;
          return Promise.resolve({ batch: n, mean, logvar: new Float32Array(n * d).fill(-3 + (x[0] ?? 0) * 0), stepLogvar: new Float32Array(n * t * d).fill(-3) });
        },
        dispose: () => {
          disposed = true;
          return Promise.resolve();
        },
      });
    const model = await loadModel(join(__dirname, '../../../../models/reference'), { engineFactory: fake });
    const n = 5000;
    const rec: EcgRecord = {
      format: 'csv', fields: [], measurements: {}, statements: [], filters: {}, warnings: [],
      groups: [{ kind: 'rhythm', sampleRateHz: 500, leads: model.manifest.input.leads.map((name) => ({ name, derived: false, samples: Float32Array.from({ length: n }, (_, i) => 500 * Math.sin(i / 40)) })) }],
    };
    const r = await model.predict(rec);
    expect(r.executionProvider).toBe('fake');
    expect(model.fallbacks).toEqual([{ provider: 'cuda', reason: 'not here' }]);
    expect(r.uncertainty.score).toBeCloseTo(Math.exp(-3), 6);
    expect(r.stepVariance.values.every((v) => Math.abs(v - Math.exp(-3)) < 1e-6)).toBe(true);
    model.abstainPercentile = 0;
    expect((await model.predict(rec)).uncertainty.level).toBe('abstain');
    await model.dispose();
    expect(disposed).toBe(true);
  });
});
