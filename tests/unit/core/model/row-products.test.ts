import { describe, expect, it } from 'vitest';
import type { MatrixProduct } from '../../../../src-main/core/model/engine/types';
import { sampleEmbeddings } from '../../../../src-main/core/model/results/gaussian';
import { librarySumExp } from '../../../../src-main/core/model/results/heads';
import { knnKernelStats, knnSampled, knnSampledReference } from '../../../../src-main/core/model/results/knn-kernel';
import { promptEstimates, promptEstimatesReference } from '../../../../src-main/core/model/results/prompt-kernel';
import { LIBRARY_BLOCK, productError, promptBlock, rowLayout, sampleProducts } from '../../../../src-main/core/model/results/row-products';
import { mulberry32, normals } from '../../../../src-main/core/model/results/stats';

/** Unit rows in a few clusters, with exact duplicates (ties both paths must break by index). */
function unitRows(seed: number, n: number, dim: number, clusters: number, dup: number): Float32Array {
  const eps = normals(seed, (n + clusters) * dim);
  const out = new Float32Array(n * dim);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let t = 0; t < dim; t++) {
      const v = (eps[(n + (j % clusters)) * dim + t] as number) + 0.3 * (eps[j * dim + t] as number);
      out[j * dim + t] = v;
      norm += v * v;
    }
    for (let t = 0; t < dim; t++) out[j * dim + t] = (out[j * dim + t] as number) / Math.sqrt(norm);
  }
  for (let j = 0; j < dup; j++) out.copyWithin((n - 1 - j) * dim, j * dim, (j + 1) * dim);
  return out;
}

/**
 * A stand-in for onnxruntime's product that is as wrong as the bound allows: the exact float64 product moved
 * by up to 99.9 % of productError * ||x|| * ||row||, with a seeded random sign and size, so any pruning that
 * leans on more accuracy than the bound promises picks a different row somewhere.
 */
function adversarialProduct(rows: Float32Array, n: number, dim: number, seed: number): MatrixProduct & { calls: number } {
  const r = mulberry32(seed);
  const eps = productError(dim);
  const norms = Array.from({ length: n }, (_, j) => Math.hypot(...rows.subarray(j * dim, (j + 1) * dim)));
  const p = {
    calls: 0,
    async run(x: Float32Array, m: number): Promise<Float32Array> {
      p.calls++;
      const y = new Float32Array(m * n);
      for (let i = 0; i < m; i++) {
        const xs = x.subarray(i * dim, (i + 1) * dim);
        // The bound is stated for the float64 samples; x here is their float32 rounding (norm within 1 ulp).
        const xn = Math.hypot(...xs) * (1 - 2 ** -23);
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < dim; t++) s += (xs[t] as number) * (rows[j * dim + t] as number);
          // Shrunk by the float32 rounding of the result itself (also part of the bound).
          y[i * n + j] = s + (2 * r() - 1) * 0.998 * eps * xn * (norms[j] as number);
        }
      }
      return y;
    },
    async dispose(): Promise<void> {},
  };
  return p;
}

describe('heads ranked from a float32 matrix product', () => {
  const dim = 48;
  const n = 160;
  const means = unitRows(21, n, dim, 5, 3);
  const prompts = unitRows(22, 61, dim, 4, 2);
  const values = Array.from({ length: 61 }, (_, j) => 15 + ((j * 29) % 53));
  const logvars = Float32Array.from({ length: n * dim }, (_, i) => -3 + Math.cos(i));
  const lib = { studies: Array.from({ length: n }, () => ({})), means, sumExp: librarySumExp(logvars, n, dim) };
  const layout = rowLayout([{ key: LIBRARY_BLOCK, rows: means }, { key: promptBlock('p'), rows: prompts }], dim);

  it('lays the blocks out one after another with their row norms', () => {
    expect(layout.total).toBe(n + 61);
    expect(layout.offsets.get(LIBRARY_BLOCK)).toBe(0);
    expect(layout.offsets.get(promptBlock('p'))).toBe(n);
    expect(layout.rows.subarray(n * dim, (n + 1) * dim)).toEqual(prompts.subarray(0, dim));
    expect(layout.rowNorms[n + 3]).toBeCloseTo(1, 6);
  });

  for (const logvar of [-2, -6, -14]) {
    it(`kNN lists and prompt estimates equal the full scans with worst-case product errors (logvar ${logvar})`, async () => {
      const product = adversarialProduct(layout.rows, layout.total, dim, 5 - logvar);
      const samples = 41;
      const r = mulberry32(-logvar);
      const gs = [0, 7, 150].map((row) => ({
        mean: Float32Array.from({ length: dim }, (_, t) => (means[row * dim + t] as number) + 0.05 * (r() - 0.5)),
        logvar: Float32Array.from({ length: dim }, () => logvar + r()),
      }));
      const zs = gs.map((g, i) => sampleEmbeddings(g, normals(300 + i, samples * dim), samples));
      const products = await sampleProducts(product, layout, zs, samples);
      expect(product.calls).toBe(1);
      knnKernelStats.samples = knnKernelStats.exact = 0;
      gs.forEach((g, i) => {
        const z = zs[i] as Float64Array;
        const p = products[i];
        const reference = knnSampledReference(z, samples, lib, 6, dim);
        expect(knnSampled(z, samples, g.mean, lib, 6, dim, { products: p })).toEqual(reference);
        // Unordered (what the interval pools): the same sets, in index order.
        const sets = knnSampled(z, samples, g.mean, lib, 6, dim, { products: p, ordered: false });
        expect(sets).toEqual(reference.map((l) => [...l].sort((a, b) => a - b)));
        expect(promptEstimates(z, samples, g.mean, prompts, values, 0.2, dim, p && { products: p, block: promptBlock('p') })).toEqual(
          promptEstimatesReference(z, samples, prompts, values, 0.2, dim),
        );
      });
      // The product bounds are tight: few studies beyond the k asked for are scored exactly.
      expect(knnKernelStats.exact / knnKernelStats.samples).toBeLessThan(0.25 * n);
    });
  }

  it('refuses a product of the wrong size and an unknown block', async () => {
    const bad: MatrixProduct = { run: async () => new Float32Array(3), dispose: async () => {} };
    await expect(sampleProducts(bad, layout, [new Float64Array(2 * dim)], 2)).rejects.toThrow(/wrong size/);
    const product = adversarialProduct(layout.rows, layout.total, dim, 1);
    const [p] = await sampleProducts(product, layout, [new Float64Array(2 * dim).fill(0.1)], 2);
    expect(() => promptEstimates(new Float64Array(2 * dim).fill(0.1), 2, new Float32Array(dim), prompts, values, 0.2, dim, p && { products: p, block: 'nope' })).toThrow(/no products/);
  });
});
