import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtEngineInThread } from '../../../../src-main/core/model/engine/ort-engine';
import type { InferenceEngine, MatrixProduct } from '../../../../src-main/core/model/engine/types';
import { type PackData, loadPackData } from '../../../../src-main/core/model/pack/load';
import { Predictor } from '../../../../src-main/core/model/predictor';
import { preprocessRecord } from '../../../../src-main/core/model/preprocess/pipeline';
import { monteCarloSamples } from '../../../../src-main/core/model/results/assemble';
import { LIBRARY_BLOCK, productError, rowLayout, sampleProducts } from '../../../../src-main/core/model/results/row-products';
import { MODEL_FIXTURES, REFERENCE_PACK, fixtureRecord, readF32 } from './helpers';

/**
 * The heads' matrix product on onnxruntime (engine/matmul-graph.ts): within its stated error bound on the
 * reference pack, and predictions made with it are identical to those ranked in JavaScript.
 */
let data: PackData;
let engine: InferenceEngine;
beforeAll(async () => {
  data = await loadPackData(REFERENCE_PACK);
  const m = data.manifest;
  engine = await createOrtEngineInThread({ modelPath: data.modelPath, inputName: m.input.name, inputDims: [12, 1000], outputs: m.outputs }, { executionProvider: 'cpu' });
});
afterAll(async () => {
  await engine.dispose();
});

describe("the heads' matrix product on onnxruntime", () => {
  it('stays inside the error bound for every sample and library study, and the bound is not loose by orders of magnitude', async () => {
    const lib = data.library;
    if (!lib || !engine.matrixProduct) throw new Error('reference pack with a library and an onnxruntime engine expected');
    const dim = data.dim;
    const layout = rowLayout([{ key: LIBRARY_BLOCK, rows: lib.means }], dim);
    const product: MatrixProduct = await engine.matrixProduct(layout.rows, layout.total, dim);
    try {
      const means = readF32(`${MODEL_FIXTURES}/mean.f32.bin`);
      const logvars = readF32(`${MODEL_FIXTURES}/logvar.f32.bin`);
      const records = means.length / dim;
      const zs = Array.from({ length: records }, (_, r) =>
        monteCarloSamples(data.manifest, { mean: means.slice(r * dim, (r + 1) * dim), logvar: logvars.slice(r * dim, (r + 1) * dim) }),
      );
      const samples = data.manifest.intervals.samples;
      const products = await sampleProducts(product, layout, zs, samples);
      let worst = 0;
      products.forEach((p, r) => {
        const z = zs[r] as Float64Array;
        for (let s = 0; s < samples; s += 3) {
          for (let j = 0; j < layout.total; j++) {
            let exact = 0;
            for (let t = 0; t < dim; t++) exact += (z[s * dim + t] as number) * (lib.means[j * dim + t] as number);
            const err = Math.abs((p.values[s * layout.total + j] as number) - exact);
            const bound = productError(dim) * (p.zNorm[s] as number) * (layout.rowNorms[j] as number);
            expect(err).toBeLessThanOrEqual(bound);
            worst = Math.max(worst, err / bound);
          }
        }
      });
      // Real float32 products land well inside the worst case (sqrt(D)-like growth, not D), but not far below it.
      expect(worst).toBeGreaterThan(1e-4);
      expect(productError(dim)).toBeLessThan(1e-4);
    } finally {
      await product.dispose();
    }
  });

  it('predictions with it equal predictions ranked in JavaScript, field for field', async () => {
    const withoutProduct: InferenceEngine = {
      executionProvider: engine.executionProvider,
      fallbacks: engine.fallbacks,
      run: (x, b) => engine.run(x, b),
      dispose: async () => {},
    };
    const fast = new Predictor(data, { ...withoutProduct, matrixProduct: engine.matrixProduct?.bind(engine) }, 8);
    const plain = new Predictor(data, withoutProduct, 8);
    const ids = ['fs500_10000ms_start0', 'fs250_10000ms_start0', 'fs360_10500ms_start50', 'fs1000_10000ms_start0'];
    const prepared = ids.map((id) => preprocessRecord(fixtureRecord(id), data.manifest.input, 0));
    // More records than one product chunk (8), so the chunking is exercised too.
    const all = [...prepared, ...prepared, ...prepared];
    const inputs = new Float32Array(all.length * 12000);
    all.forEach((p, i) => inputs.set(p.data, i * 12000));
    const settings = { topK: 5, abstainPercentile: 97 };
    const windows = all.map((p) => p.window);
    const a = await fast.predictInputs(inputs, windows, settings);
    const b = await plain.predictInputs(inputs, windows, settings);
    expect(a).toHaveLength(12);
    expect(a.every((o) => o.ok)).toBe(true);
    expect(a).toEqual(b);
    expect(a[8]).toEqual(a[0]);
    // Calls that interleave at their awaits (the model host serves messages concurrently) never share
    // sample buffers: each gets what it gets alone.
    const half = 6 * 12000;
    const [c1, c2] = await Promise.all([
      fast.predictInputs(inputs.subarray(0, half), windows.slice(0, 6), settings),
      fast.predictInputs(inputs.subarray(half), windows.slice(6), settings),
    ]);
    expect([...c1, ...c2]).toEqual(a);
    await fast.dispose();
  });
});
