/**
 * Head post-processing per ECG (Monte Carlo samples, logistic, prompt regression, kNN intervals) on the
 * reference pack's library and prompts, for the PyTorch fixture records (tests/fixtures/model): the
 * straightforward full scans, the previous kNN (full scan, four samples per library pass), the exact pruned
 * kernels (the path without onnxruntime), and the path the app runs: candidates from onnxruntime's float32
 * matrix product of all samples with all rows, for a batch of records at once (row-products.ts). Every
 * variant's outputs are checked equal before timing. Used by model.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrtEngineInThread } from '../src-main/core/model/engine/ort-engine';
import { loadPackData } from '../src-main/core/model/pack/load';
import { monteCarloSamples } from '../src-main/core/model/results/assemble';
import { rankedRows, rowLayout, sampleProducts } from '../src-main/core/model/results/row-products';
import { sampleEmbeddings } from '../src-main/core/model/results/gaussian';
import { librarySumExp, predictHead } from '../src-main/core/model/results/heads';
import { knnKernelStats, knnSampled, knnSampledReference } from '../src-main/core/model/results/knn-kernel';
import { promptEstimates, promptEstimatesReference, promptKernelStats } from '../src-main/core/model/results/prompt-kernel';
import { normals, normalsShared } from '../src-main/core/model/results/stats';

type Variant = 'reference' | 'previous' | 'pruned' | 'products';

/** Records per matrix product in the products variant (the predictor's chunk). */
const PRODUCT_BATCH = 8;

export async function headKernelsBench(packDir: string, fixtureDir: string): Promise<string> {
  const pack = await loadPackData(packDir);
  const dim = pack.dim;
  const library = pack.library;
  if (!library) return 'Head kernels: the pack has no library.';
  const lib = { ...library, sumExp: librarySumExp(library.logvars, library.studies.length, dim) };
  const ctx = { dim, prompts: pack.prompts, intervalLevel: pack.manifest.intervals.level, library: lib };
  const f32 = (f: string): Float32Array => {
    const b = readFileSync(join(fixtureDir, f));
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const means = f32('mean.f32.bin');
  const logvars = f32('logvar.f32.bin');
  const records = Array.from({ length: means.length / dim }, (_, r) => ({ mean: means.slice(r * dim, (r + 1) * dim), logvar: logvars.slice(r * dim, (r + 1) * dim) }));
  const { samples, seed } = pack.manifest.intervals;

  /** One ECG's head work; returns the Monte Carlo outputs so variants can be compared. */
  const run = (v: Variant, g: (typeof records)[number]): unknown[] => {
    const z = sampleEmbeddings(g, v === 'pruned' ? normalsShared(seed, samples * dim) : normals(seed, samples * dim), samples);
    return pack.manifest.heads.map((h) => {
      if (v === 'pruned' || h.kind === 'logistic' || h.kind === 'linear') return predictHead(h, g, z, samples, ctx);
      if (h.kind === 'prompt-regression') return promptEstimatesReference(z, samples, pack.prompts.get(h.id) as Float32Array, h.values, h.topFraction, dim);
      return v === 'reference' ? knnSampledReference(z, samples, lib, h.k, dim) : knnSampled(z, samples, g.mean, lib, h.k, dim, { prune: false });
    });
  };
  // Equality first: the pruned kernels against the full scans, per head, per record.
  for (const g of records) {
    const z = sampleEmbeddings(g, normals(seed, samples * dim), samples);
    for (const h of pack.manifest.heads) {
      const same =
        h.kind === 'knn'
          ? JSON.stringify(knnSampled(z, samples, g.mean, lib, h.k, dim)) === JSON.stringify(knnSampledReference(z, samples, lib, h.k, dim))
          : h.kind === 'prompt-regression'
            ? JSON.stringify(promptEstimates(z, samples, g.mean, pack.prompts.get(h.id) as Float32Array, h.values, h.topFraction, dim)) ===
              JSON.stringify(promptEstimatesReference(z, samples, pack.prompts.get(h.id) as Float32Array, h.values, h.topFraction, dim))
            : true;
      if (!same) throw new Error(`head ${h.id}: pruned kernel differs from the full scan`);
    }
  }
  // The app's path: a batch of records (the fixtures repeated) through one matrix product on onnxruntime.
  const m = pack.manifest;
  const engine = await createOrtEngineInThread({ modelPath: pack.modelPath, inputName: m.input.name, inputDims: [m.input.leads.length, m.input.samples], outputs: m.outputs }, { executionProvider: 'cpu' });
  const layout = rowLayout(rankedRows(m, ctx), dim);
  const product = await (engine.matrixProduct as NonNullable<typeof engine.matrixProduct>)(layout.rows, layout.total, dim);
  const batch = Array.from({ length: PRODUCT_BATCH }, (_, i) => records[i % records.length] as (typeof records)[number]);
  const runProducts = async (): Promise<unknown[][]> => {
    const zs = batch.map((g) => monteCarloSamples(m, g));
    const ps = await sampleProducts(product, layout, zs, samples);
    return batch.map((g, i) => m.heads.map((h) => predictHead(h, g, zs[i] as Float64Array, samples, ctx, ps[i])));
  };
  const viaProducts = await runProducts();
  batch.forEach((g, i) => {
    if (JSON.stringify(viaProducts[i]) !== JSON.stringify(run('pruned', g))) throw new Error('matrix-product heads differ from the pruned kernels');
  });
  const variants: Variant[] = ['reference', 'previous', 'pruned', 'products'];
  const cpuMs: Record<Variant, number[]> = { reference: [], previous: [], pruned: [], products: [] };
  const stats = { pruned: { knn: 0, prompt: 0 }, products: { knn: 0, prompt: 0 } };
  // Interleaved rounds so every variant sees the same machine load; the first round warms the JIT.
  for (let round = 0; round < 4; round++) {
    for (const v of variants) {
      knnKernelStats.samples = knnKernelStats.exact = promptKernelStats.samples = promptKernelStats.exact = 0;
      const c0 = process.cpuUsage();
      if (v === 'products') await runProducts();
      else for (const g of records) run(v, g);
      const c = process.cpuUsage(c0);
      if (round > 0) cpuMs[v].push((c.user + c.system) / 1000 / (v === 'products' ? batch.length : records.length));
      if (v === 'pruned' || v === 'products') {
        stats[v].knn = knnKernelStats.exact / Math.max(1, knnKernelStats.samples);
        stats[v].prompt = promptKernelStats.exact / Math.max(1, promptKernelStats.samples);
      }
    }
  }
  await product.dispose();
  await engine.dispose();
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
  const ref = med(cpuMs.reference);
  const rows = [
    `### Head post-processing per ECG (${samples} Monte Carlo samples, library ${library.studies.length} x ${dim}, ${records.length} fixture records, CPU ms, median of 3 rounds)`,
    '',
    '| implementation | CPU ms per ECG | vs reference |',
    '| --- | ---: | ---: |',
    `| reference: full scans, one sample at a time | ${ref.toFixed(1)} | 1.0x |`,
    `| previous: kNN full scan, four samples per library pass | ${med(cpuMs.previous).toFixed(1)} | ${(ref / med(cpuMs.previous)).toFixed(1)}x |`,
    `| exact pruned kernels in JavaScript (no onnxruntime; identical outputs, checked) | ${med(cpuMs.pruned).toFixed(1)} | ${(ref / med(cpuMs.pruned)).toFixed(1)}x |`,
    `| now: candidates from onnxruntime's float32 product, ${PRODUCT_BATCH} records per product (identical outputs, checked; CPU of all threads) | ${med(cpuMs.products).toFixed(1)} | ${(ref / med(cpuMs.products)).toFixed(1)}x |`,
    '',
    `Scored exactly per sample, of ${library.studies.length} studies and ${layout.total - library.studies.length} prompts: pruned kernels ${stats.pruned.knn.toFixed(1)} and ${stats.pruned.prompt.toFixed(1)}; ` +
      `from the product's bounds ${stats.products.knn.toFixed(1)} and ${stats.products.prompt.toFixed(1)}.`,
  ];
  return rows.join('\n');
}
