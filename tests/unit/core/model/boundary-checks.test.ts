import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { checkModelInput, networkOutputProblem, predictionProblem } from '../../../../src-main/core/model/boundary-checks';
import type { EngineFactory } from '../../../../src-main/core/model/engine/types';
import { loadModel } from '../../../../src-main/core/model/model';
import type { PredictionResult } from '../../../../src-main/core/model/types';
import { recordBase } from '../../../helpers/record-base';

/** Finiteness and range checks at the model's boundaries (issue 11, part 1). */
const PACK = join(__dirname, '../../../../models/reference');
const names = { mean: 'mean', logvar: 'logvar', stepLogvar: 'step_logvar' };
const ok = (d = 4) => ({ mean: Float32Array.from({ length: d }, (_, k) => (k === 0 ? 1 : 0)), logvar: new Float32Array(d).fill(-5), stepLogvar: new Float32Array(3 * d).fill(-5) });

describe('network outputs', () => {
  it('accepts usable outputs and names the output holding NaN or infinity (NON_FINITE_OUTPUT)', () => {
    expect(networkOutputProblem(ok(), names)).toBeUndefined();
    for (const [key, name] of [['mean', 'mean'], ['logvar', 'logvar'], ['stepLogvar', 'step_logvar']] as const) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const o = ok();
        o[key][1] = bad;
        const p = networkOutputProblem(o, names);
        expect(p?.code).toBe('NON_FINITE_OUTPUT');
        expect(p?.message).toContain(`"${name}"`);
      }
    }
  });
  it('refuses out-of-range values: a mean component beyond 1, a log-variance beyond +-60 (IMPLAUSIBLE_OUTPUT)', () => {
    const o = ok();
    o.mean[2] = 3;
    expect(networkOutputProblem(o, names)).toMatchObject({ code: 'IMPLAUSIBLE_OUTPUT' });
    const l = ok();
    l.logvar[0] = 800; // exp(800) is infinite: every sum over it would be too
    expect(networkOutputProblem(l, names)?.message).toContain('"logvar"');
  });
});

describe('model input and assembled predictions', () => {
  it('refuses a non-finite or overflowing preprocessed input', () => {
    expect(() => checkModelInput(Float32Array.from([0, 1, -2]))).not.toThrow();
    expect(() => checkModelInput(Float32Array.from([0, Number.NaN]))).toThrow(expect.objectContaining({ code: 'IMPLAUSIBLE_SIGNAL' }));
    expect(() => checkModelInput(Float32Array.from([Number.POSITIVE_INFINITY]))).toThrow(expect.objectContaining({ code: 'IMPLAUSIBLE_SIGNAL' }));
  });
  it('names the non-finite or out-of-range part of a prediction (uncertainty, probability, interval, step variance)', () => {
    const good: PredictionResult = {
      model: { id: 'm', name: 'm', version: '1', clinical: false, clinicalUseStatement: '', licence: '' },
      executionProvider: 'cpu', window: { startS: 0, durationS: 10, paddedS: 0 },
      uncertainty: { score: 0.002, percentile: 40, level: 'low' },
      predictions: [{ head: 'h', label: 'LVEF < 40 %', kind: 'logistic', probability: 0.3, interval: [0.2, 0.4], intervalLevel: 0.9, threshold: 0.5, call: 'negative' }],
      similarReports: [{ id: 's', score: 1.2, report: '', measurements: {} }],
      stepVariance: { startS: 0, stepS: 0.16, values: [0.002] },
      embedding: { mean: new Float32Array(1), logvar: new Float32Array(1) },
    };
    expect(predictionProblem(good)).toBeUndefined();
    const head = good.predictions[0]!;
    const cases: [string, PredictionResult][] = [
      ['uncertainty score', { ...good, uncertainty: { ...good.uncertainty, score: Number.POSITIVE_INFINITY } }],
      ['LVEF < 40 % probability', { ...good, predictions: [{ ...head, probability: Number.NaN }] }],
      ['LVEF < 40 % interval', { ...good, predictions: [{ ...head, interval: [Number.NaN, Number.NaN] }] }],
      ['per-step variance', { ...good, stepVariance: { ...good.stepVariance, values: [Number.NaN] } }],
      ['similar-report distance', { ...good, similarReports: [{ id: 's', score: Number.NaN, report: '', measurements: {} }] }],
    ];
    for (const [what, r] of cases) expect(predictionProblem(r)?.message).toContain(what);
  });
});

describe('a network that gives NaN for one ECG of a batch', () => {
  it('fails that ECG alone with NON_FINITE_OUTPUT; the others of the batch get their results', async () => {
    // NaN log-variance for any record whose standardised input exceeds 10 (the check input stays below).
    const fake: EngineFactory = (spec) =>
      Promise.resolve({
        executionProvider: 'fake',
        fallbacks: [],
        run: (x: Float32Array, n: number) => {
          const [t, d] = spec.outputs.stepLogvar.dims as [number, number];
          const per = x.length / n;
          const mean = new Float32Array(n * d);
          const logvar = new Float32Array(n * d).fill(-6);
          for (let i = 0; i < n; i++) {
            mean[i * d] = 1;
            let max = 0;
            for (let k = 0; k < per; k++) max = Math.max(max, Math.abs(x[i * per + k] as number));
            if (max > 10) logvar[i * d + 7] = Number.NaN;
          }
          return Promise.resolve({ batch: n, mean, logvar, stepLogvar: new Float32Array(n * t * d).fill(-6) });
        },
        dispose: () => Promise.resolve(),
      });
    const model = await loadModel(PACK, { engineFactory: fake });
    const rec = (uv: number): EcgRecord => ({
      ...recordBase(),
      groups: [{ kind: 'rhythm', sampleRateHz: 500, leads: model.manifest.input.leads.map((name) => ({ name, derived: false, samples: Float32Array.from({ length: 5000 }, (_, i) => uv * Math.sin(i / 40)) })) }],
    });
    const out = await model.predictSettled([rec(100), rec(20_000), rec(200)]);
    expect(out.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'NON_FINITE_OUTPUT', 'ok']);
    await expect(model.predict(rec(20_000))).rejects.toMatchObject({ code: 'NON_FINITE_OUTPUT' });
    // The occlusion map (shown as a heat strip) is refused the same way, never drawn from NaN scores.
    await expect(model.occlusion(rec(20_000), { regionS: 5 })).rejects.toMatchObject({ code: 'NON_FINITE_OUTPUT' });
    expect((await model.occlusion(rec(100), { regionS: 5 })).delta.flat().every((d) => Number.isFinite(d))).toBe(true);
    await model.dispose();
  });
});
