import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPackData } from '../../../../src-main/core/model/pack/load';
import { sampleEmbeddings, squaredDistance } from '../../../../src-main/core/model/results/gaussian';
import { librarySumExp, promptEstimate, topIndices } from '../../../../src-main/core/model/results/heads';
import { knnKernelStats, knnSampled, knnSampledReference } from '../../../../src-main/core/model/results/knn-kernel';
import { promptEstimates, promptEstimatesReference, promptKernelStats } from '../../../../src-main/core/model/results/prompt-kernel';
import { rowBasis } from '../../../../src-main/core/model/results/rank-basis';
import { mulberry32, normals } from '../../../../src-main/core/model/results/stats';

const ROOT = join(__dirname, '../../../..');

/** Rows around a few centres (clustered like embeddings), optionally unit-normalised, plus exact duplicates (ties). */
function rows(seed: number, n: number, dim: number, opts: { clusters: number; spread: number; unit: boolean; dup: number }): Float32Array {
  const eps = normals(seed, (n + opts.clusters) * dim);
  const out = new Float32Array(n * dim);
  for (let j = 0; j < n; j++) {
    const c = j % opts.clusters;
    let norm = 0;
    for (let t = 0; t < dim; t++) {
      const v = (eps[(n + c) * dim + t] as number) + opts.spread * (eps[j * dim + t] as number);
      out[j * dim + t] = v;
      norm += v * v;
    }
    if (opts.unit) for (let t = 0; t < dim; t++) out[j * dim + t] = (out[j * dim + t] as number) / Math.sqrt(norm);
  }
  // Copies of earlier rows: exact ties, which both paths must break by index.
  for (let j = 0; j < opts.dup; j++) out.copyWithin((n - 1 - j) * dim, j * dim, (j + 1) * dim);
  return out;
}

function gaussian(seed: number, base: Float32Array, row: number, dim: number, logvar: number): { mean: Float32Array; logvar: Float32Array } {
  const r = mulberry32(seed);
  const mean = Float32Array.from({ length: dim }, (_, t) => (base[row * dim + t] as number) + 0.05 * (r() - 0.5));
  return { mean, logvar: Float32Array.from({ length: dim }, () => logvar + r()) };
}

/** The straightforward kNN: full ||z - mu_j||^2 + sumExp_j per study, then the k smallest. */
function naiveKnn(z: Float64Array, s: number, means: Float32Array, sumExp: Float64Array, n: number, k: number, dim: number): number[] {
  const zs = z.subarray(s * dim, (s + 1) * dim);
  const d = Float64Array.from({ length: n }, (_, j) => squaredDistance(zs, means, j, dim) + (sumExp[j] as number));
  return topIndices(d, k, true);
}

describe('exact pruned kernels on random data', () => {
  const cases = [
    { name: 'isotropic', n: 150, dim: 48, clusters: 1, spread: 1, unit: false, logvar: -3, k: 7 },
    { name: 'clustered unit rows, wide samples', n: 200, dim: 64, clusters: 6, spread: 0.3, unit: true, logvar: -4, k: 10 },
    { name: 'tight samples', n: 120, dim: 32, clusters: 3, spread: 0.5, unit: false, logvar: -12, k: 5 },
    { name: 'k above n', n: 9, dim: 16, clusters: 2, spread: 1, unit: false, logvar: -1, k: 20 },
  ];
  for (const c of cases) {
    it(`kNN: same neighbour lists as the full scan (${c.name})`, () => {
      const means = rows(11, c.n, c.dim, { ...c, dup: 3 });
      const logvars = Float32Array.from({ length: c.n * c.dim }, (_, i) => -2 + Math.sin(i));
      const lib = { studies: Array.from({ length: c.n }, () => ({})), means, sumExp: librarySumExp(logvars, c.n, c.dim) };
      for (let rec = 0; rec < 3; rec++) {
        const g = gaussian(rec + 1, means, (rec * 5) % c.n, c.dim, c.logvar);
        const samples = 37;
        const z = sampleEmbeddings(g, normals(rec + 100, samples * c.dim), samples);
        const fast = knnSampled(z, samples, g.mean, lib, c.k, c.dim);
        expect(fast).toEqual(knnSampledReference(z, samples, lib, c.k, c.dim));
        expect(knnSampled(z, samples, g.mean, lib, c.k, c.dim, { prune: false })).toEqual(fast);
        for (let s = 0; s < samples; s++) expect(new Set(fast[s])).toEqual(new Set(naiveKnn(z, s, means, lib.sumExp, c.n, c.k, c.dim)));
      }
    });
    it(`prompt regression: same estimates as promptEstimate per sample (${c.name})`, () => {
      const prompts = rows(12, c.n, c.dim, { ...c, dup: 2 });
      const values = Array.from({ length: c.n }, (_, j) => 10 + ((j * 37) % 61));
      for (let rec = 0; rec < 3; rec++) {
        const g = gaussian(rec + 5, prompts, (rec * 7) % c.n, c.dim, c.logvar);
        const samples = 29;
        const z = sampleEmbeddings(g, normals(rec + 200, samples * c.dim), samples);
        const fast = promptEstimates(z, samples, g.mean, prompts, values, 0.2, c.dim);
        expect(fast).toEqual(promptEstimatesReference(z, samples, prompts, values, 0.2, c.dim));
        expect(fast).toEqual(Array.from({ length: samples }, (_, s) => promptEstimate(z.subarray(s * c.dim, (s + 1) * c.dim), prompts, values, 0.2, c.dim)));
      }
    });
  }
  it('the basis is orthonormal and its residual bounds hold; it stops at the rows rank', () => {
    const dim = 24;
    const r = rows(3, 40, dim, { clusters: 4, spread: 0.4, unit: false, dup: 0 });
    const b = rowBasis(Float64Array.from(r), 40, dim, 6);
    expect(b.p).toBe(6);
    for (let i = 0; i < b.p; i++) {
      for (let k = 0; k <= i; k++) {
        let s = 0;
        for (let t = 0; t < dim; t++) s += (b.q[i * dim + t] as number) * (b.q[k * dim + t] as number);
        expect(Math.abs(s - (i === k ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    for (let j = 0; j < 40; j++) {
      let e = 0;
      for (let t = 0; t < dim; t++) {
        let v = (r[j * dim + t] as number) - (b.center[t] as number);
        for (let i = 0; i < b.p; i++) v -= (b.coords[j * b.p + i] as number) * (b.q[i * dim + t] as number);
        e += v * v;
      }
      expect(Math.sqrt(e)).toBeLessThanOrEqual(b.resid[j] as number);
    }
    // Three distinct rows span at most two centred directions.
    const few = Float64Array.from({ length: 3 * dim }, (_, i) => (i % dim === Math.floor(i / dim) ? 1 : 0));
    expect(rowBasis(few, 3, dim, 8).p).toBe(2);
  });
});

describe('Monte Carlo samples', () => {
  it('z = mu + exp(logvar / 2) * eps element by element, bit for bit', () => {
    const dim = 37;
    const samples = 11;
    const r = mulberry32(9);
    const g = { mean: Float32Array.from({ length: dim }, () => r() - 0.5), logvar: Float32Array.from({ length: dim }, () => -6 + 4 * r()) };
    const eps = normals(4, samples * dim);
    const z = sampleEmbeddings(g, eps, samples);
    for (let s = 0; s < samples; s++) {
      for (let k = 0; k < dim; k++) {
        expect(z[s * dim + k]).toBe((g.mean[k] as number) + Math.exp((g.logvar[k] as number) / 2) * (eps[s * dim + k] as number));
      }
    }
  });
});

describe('exact pruned kernels on the reference pack', () => {
  it('kNN and prompt estimates equal the full scans for the fixture records, and the bounds prune', async () => {
    const pack = await loadPackData(join(ROOT, 'models/reference'));
    const dim = pack.dim;
    const library = pack.library;
    if (!library) throw new Error('reference pack without a library');
    const n = library.studies.length;
    const lib = { ...library, sumExp: librarySumExp(library.logvars, n, dim) };
    const f32 = (f: string): Float32Array => {
      const b = readFileSync(join(ROOT, 'tests/fixtures/model', f));
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const means = f32('mean.f32.bin');
    const logvars = f32('logvar.f32.bin');
    const { samples, seed } = pack.manifest.intervals;
    const eps = normals(seed, samples * dim);
    knnKernelStats.samples = knnKernelStats.exact = 0;
    promptKernelStats.samples = promptKernelStats.exact = 0;
    let checked = 0;
    for (let r = 0; r < means.length / dim; r++) {
      // The fixture records and, for more cases, each with its variance doubled.
      for (const widen of [0, Math.log(2)]) {
        const g = { mean: means.slice(r * dim, (r + 1) * dim), logvar: logvars.slice(r * dim, (r + 1) * dim).map((v) => v + widen) };
        const z = sampleEmbeddings(g, eps, samples);
        for (const head of pack.manifest.heads) {
          if (head.kind === 'knn') {
            const fast = knnSampled(z, samples, g.mean, lib, head.k, dim);
            expect(fast).toEqual(knnSampledReference(z, samples, lib, head.k, dim));
            for (let s = 0; s < samples; s += 17) expect(new Set(fast[s])).toEqual(new Set(naiveKnn(z, s, library.means, lib.sumExp, n, head.k, dim)));
            checked++;
          } else if (head.kind === 'prompt-regression') {
            const prompts = pack.prompts.get(head.id) as Float32Array;
            const fast = promptEstimates(z, samples, g.mean, prompts, head.values, head.topFraction, dim);
            expect(fast).toEqual(promptEstimatesReference(z, samples, prompts, head.values, head.topFraction, dim));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16);
    // On the reference pack the bounds skip most rows (measured ~16 % of studies, ~25 % of prompts scored exactly).
    expect(knnKernelStats.exact / knnKernelStats.samples).toBeLessThan(0.35 * n);
    expect(promptKernelStats.exact / promptKernelStats.samples).toBeLessThan(0.6 * 101);
  }, 60_000);
});
