/**
 * Head post-processing per ECG (Monte Carlo samples, logistic, prompt regression, kNN intervals) on the
 * reference pack's library and prompts, for the PyTorch fixture records (tests/fixtures/model): the
 * straightforward full scans, the previous kNN (full scan, four samples per library pass) and the exact
 * pruned kernels now in use. Every variant's outputs are checked equal before timing. Used by model.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackData } from '../src-main/core/model/pack/load';
import { sampleEmbeddings } from '../src-main/core/model/results/gaussian';
import { librarySumExp, predictHead } from '../src-main/core/model/results/heads';
import { knnKernelStats, knnSampled, knnSampledReference } from '../src-main/core/model/results/knn-kernel';
import { promptEstimates, promptEstimatesReference, promptKernelStats } from '../src-main/core/model/results/prompt-kernel';
import { normals, normalsShared } from '../src-main/core/model/results/stats';

type Variant = 'reference' | 'previous' | 'pruned';

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
      if (v === 'pruned' || h.kind === 'logistic') return predictHead(h, g, z, samples, ctx);
      if (h.kind === 'prompt-regression') return promptEstimatesReference(z, samples, pack.prompts.get(h.id) as Float32Array, h.values, h.topFraction, dim);
      return v === 'reference' ? knnSampledReference(z, samples, lib, h.k, dim) : knnSampled(z, samples, g.mean, lib, h.k, dim, false);
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
  const variants: Variant[] = ['reference', 'previous', 'pruned'];
  const cpuMs: Record<Variant, number[]> = { reference: [], previous: [], pruned: [] };
  knnKernelStats.samples = knnKernelStats.exact = promptKernelStats.samples = promptKernelStats.exact = 0;
  // Interleaved rounds so every variant sees the same machine load; the first round warms the JIT.
  for (let round = 0; round < 4; round++) {
    for (const v of variants) {
      const c0 = process.cpuUsage();
      for (const g of records) run(v, g);
      const c = process.cpuUsage(c0);
      if (round > 0) cpuMs[v].push((c.user + c.system) / 1000 / records.length);
    }
  }
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
  const ref = med(cpuMs.reference);
  const rows = [
    `### Head post-processing per ECG (${samples} Monte Carlo samples, library ${library.studies.length} x ${dim}, ${records.length} fixture records, CPU ms, median of 3 rounds)`,
    '',
    '| implementation | CPU ms per ECG | vs reference |',
    '| --- | ---: | ---: |',
    `| reference: full scans, one sample at a time | ${ref.toFixed(1)} | 1.0x |`,
    `| previous: kNN full scan, four samples per library pass | ${med(cpuMs.previous).toFixed(1)} | ${(ref / med(cpuMs.previous)).toFixed(1)}x |`,
    `| now: exact pruned kernels (identical outputs, checked) | ${med(cpuMs.pruned).toFixed(1)} | ${(ref / med(cpuMs.pruned)).toFixed(1)}x |`,
    '',
    `Pruned kernels scored exactly: ${(knnKernelStats.exact / Math.max(1, knnKernelStats.samples)).toFixed(1)} of ${library.studies.length} studies and ` +
      `${(promptKernelStats.exact / Math.max(1, promptKernelStats.samples)).toFixed(1)} prompts per sample on average.`,
  ];
  return rows.join('\n');
}
