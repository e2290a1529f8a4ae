import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError } from '../../../../src-main/core/errors';
import { type LoadedEchoingModel, loadModel } from '../../../../src-main/core/model/model';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createOrtEngineInThread } from '../../../../src-main/core/model/engine/ort-engine';
import { setWorkerScript } from '../../../../src-main/core/model/worker-script';
import { autoProviderOrder, cudaLibraryPresent } from '../../../../src-main/core/model/engine/providers';
import { REFERENCE_PACK, ROOT, fixtureRecord } from './helpers';

const BUILT_WORKER = join(ROOT, 'out/main/preprocess-worker.js');

let model: LoadedEchoingModel;
beforeAll(async () => {
  model = await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' });
});
afterAll(async () => {
  await model.dispose();
});

describe('prediction on the reference pack', () => {
  it('gives uncertainty, every head with interval and call, similar reports and step variance', async () => {
    const r = await model.predict(fixtureRecord('fs500_10000ms_start0'), { topK: 3 });
    expect(r.model).toMatchObject({ id: 'echoingecg-reference-sim', clinical: false });
    expect(r.executionProvider).toBe('cpu');
    expect(r.window).toEqual({ startS: 0, durationS: 10, paddedS: 0 });
    expect(r.uncertainty.percentile).toBeGreaterThanOrEqual(0);
    expect(r.uncertainty.percentile).toBeLessThanOrEqual(100);
    expect(['low', 'high', 'abstain']).toContain(r.uncertainty.level);
    expect(r.predictions.map((p) => p.head)).toEqual(model.manifest.heads.map((h) => h.id));
    for (const p of r.predictions) {
      const point = p.probability ?? p.value;
      expect(point).toBeTypeOf('number');
      expect(p.interval[0]).toBeLessThanOrEqual(p.interval[1]);
      expect(p.intervalLevel).toBe(0.9);
    }
    expect(r.similarReports).toHaveLength(3);
    const scores = r.similarReports.map((s) => s.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(r.similarReports[0]?.report.length).toBeGreaterThan(10);
    expect(r.stepVariance.values).toHaveLength(63);
    expect(r.stepVariance.stepS).toBeCloseTo(0.16, 9);
    expect(r.embedding.mean).toHaveLength(512);
  });

  it('is reproducible (seeded intervals) and maps steps onto the source time axis', async () => {
    const rec = fixtureRecord('fs240_12000ms_start0');
    const a = await model.predict(rec, { windowStartS: 1.5 });
    const b = await model.predict(rec, { windowStartS: 1.5 });
    expect(a.predictions).toEqual(b.predictions);
    expect(a.window.startS).toBe(1.5);
    expect(a.stepVariance.startS).toBe(1.5);
  });

  it('batches: same results as one by one; settled batch reports per-record errors', async () => {
    const recs = [fixtureRecord('fs500_10000ms_start0'), fixtureRecord('fs250_10000ms_start0'), fixtureRecord('fs360_10500ms_start50')];
    const batch = await model.predictBatch(recs);
    const single = await model.predict(recs[1] as (typeof recs)[number]);
    expect(batch[1]?.uncertainty.score).toBeCloseTo(single.uncertainty.score, 6);
    const settled = await model.predictSettled([recs[0] as (typeof recs)[number], fixtureRecord('fs500_10000ms_start0', ['V3'])]);
    expect(settled[0]?.ok).toBe(true);
    expect(settled[1]).toMatchObject({ ok: false, error: { code: 'MISSING_LEADS' } });
    await expect(model.predictBatch([fixtureRecord('fs500_10000ms_start0', ['aVL'])])).rejects.toMatchObject({ code: 'MISSING_LEADS' });
  });

  it('occlusion map: batched, with progress, cancellable', async () => {
    const rec = fixtureRecord('fs500_10000ms_start0');
    const progress: number[] = [];
    const map = await model.occlusion(rec, { regionS: 2, onProgress: (done) => progress.push(done) });
    expect(map.delta).toHaveLength(12);
    expect(map.delta[0]).toHaveLength(5);
    expect(progress.at(-1)).toBe(60);
    expect(map.delta.flat().some((v) => v !== 0)).toBe(true);
    const ac = new AbortController();
    const p = model.occlusion(rec, { regionS: 1, batch: 4, signal: ac.signal, onProgress: (d) => d >= 8 && ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('execution providers', () => {
  const spec = {
    modelPath: `${REFERENCE_PACK}/model.onnx`,
    inputName: 'ecg',
    inputDims: [12, 1000],
    outputs: { mean: { name: 'mean', dims: [512] }, logvar: { name: 'logvar', dims: [512] }, stepLogvar: { name: 'step_logvar', dims: [63, 512] } },
  };
  it('auto reports what runs and what it fell back from', async () => {
    const engine = await createOrtEngineInThread(spec, { executionProvider: 'auto' });
    const plan = [...autoProviderOrder(), 'cpu'];
    expect(plan).toContain(engine.executionProvider);
    // Every provider before the one that runs was tried and is reported with its reason.
    expect(engine.fallbacks.map((f: { provider: string }) => f.provider)).toEqual(plan.slice(0, plan.indexOf(engine.executionProvider)));
    await engine.dispose();
  });
  it('a forced provider that is unavailable is EP_UNAVAILABLE, not a silent CPU run', async () => {
    const missing = process.platform === 'linux' ? 'dml' : 'cuda';
    try {
      await createOrtEngineInThread(spec, { executionProvider: missing });
      expect.unreachable();
    } catch (e) {
      expect(isCoreError(e, 'EP_UNAVAILABLE')).toBe(true);
    }
  });
  it.runIf(process.platform === 'linux' && process.arch === 'x64' && !cudaLibraryPresent())('cuda without its provider library is EP_UNAVAILABLE, and auto records why it skipped it', async () => {
    await expect(createOrtEngineInThread(spec, { executionProvider: 'cuda' })).rejects.toMatchObject({ code: 'EP_UNAVAILABLE', message: expect.stringContaining('CUDA provider library') });
    const auto = await createOrtEngineInThread(spec, { executionProvider: 'auto' });
    expect(auto.fallbacks[0]).toEqual({ provider: 'cuda', reason: expect.stringContaining('not installed') });
    await auto.dispose();
  });
  // Identical results and a free calling thread through the built worker: tests/integration/core/model/worker.test.ts.
  it.runIf(existsSync(BUILT_WORKER))('the worker-hosted model reports coded start-up errors', async () => {
    setWorkerScript(BUILT_WORKER);
    try {
      await expect(loadModel(REFERENCE_PACK, { executionProvider: 'dml' })).rejects.toMatchObject({ code: 'EP_UNAVAILABLE' });
    } finally {
      setWorkerScript(undefined);
    }
  });
});
