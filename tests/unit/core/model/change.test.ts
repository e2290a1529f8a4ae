import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chiSquareQuantile, chiSquareSf } from '../../../../src-main/core/model/results/chi-square';
import { embeddingChange, fullBasis, libraryBasis, symmetricEigen, vectorsBasis } from '../../../../src-main/core/model/results/change';
import { mulberry32, normals } from '../../../../src-main/core/model/results/stats';

const REF = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/change/chi2-reference.json'), 'utf8')) as {
  sf: { x: number; k: number; value: number }[];
  ppf: { p: number; k: number; value: number }[];
};

describe('chi-square tail and quantile (against scipy)', () => {
  it.each(REF.sf)('sf($x, $k)', ({ x, k, value }) => {
    const got = chiSquareSf(x, k);
    expect(Math.abs(got - value)).toBeLessThanOrEqual(1e-10 * Math.max(1, value) + 1e-14 * value + (value < 1e-15 ? 1e-25 : 0));
    if (value > 1e-300) expect(Math.abs(got / value - 1)).toBeLessThan(1e-8);
  });
  it.each(REF.ppf)('ppf($p, $k)', ({ p, k, value }) => {
    expect(chiSquareQuantile(p, k)).toBeCloseTo(value, 8);
  });
});

const D = 64;

function gaussian(mean: number[], logvar: number[]) {
  return { mean: Float32Array.from(mean), logvar: Float32Array.from(logvar) };
}

/** A library whose spread lies in the first `rank` axes (plus tiny noise), n rows of D. */
function library(n: number, rank: number, seed: number): Float32Array {
  const z = normals(seed, n * D);
  const out = new Float32Array(n * D);
  for (let j = 0; j < n; j++) for (let t = 0; t < D; t++) out[j * D + t] = (t < rank ? (rank - t) * 0.3 : 0.001) * (z[j * D + t] as number);
  return out;
}

describe('symmetric eigen-decomposition', () => {
  it('recovers eigenvalues (descending) and orthonormal eigenvectors', () => {
    const a = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 1]);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(values[0]).toBeGreaterThan(values[1] as number);
    expect(values[1]).toBeGreaterThan(values[2] as number);
    for (let r = 0; r < 3; r++) {
      const v = vectors.subarray(r * 3, r * 3 + 3);
      const av = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + (a[i * 3 + j] as number) * (v[j] as number), 0));
      av.forEach((x, i) => expect(x).toBeCloseTo((values[r] as number) * (v[i] as number), 10));
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    }
  });
});

describe('change between two Gaussian embeddings', () => {
  it('finds the library directions that hold its spread', () => {
    const b = libraryBasis(library(300, 3, 11), 300, D);
    expect(b.kind).toBe('library');
    expect(b.k).toBe(3);
    expect(b.explained).toBeGreaterThan(0.95);
    // Orthonormal rows, inside the first three axes.
    const p = b.directions as Float64Array;
    for (let i = 0; i < b.k; i++) {
      let inside = 0;
      for (let t = 0; t < 3; t++) inside += (p[i * D + t] as number) ** 2;
      expect(inside).toBeGreaterThan(0.999);
    }
  });

  it('says nothing changed for the same Gaussian, and something did for a shift far beyond the spread', () => {
    const basis = fullBasis(4);
    const a = gaussian([0.5, 0.5, 0.5, 0.5], [-4, -4, -4, -4]);
    const same = embeddingChange(a, a, basis);
    expect(same).toMatchObject({ statistic: 0, pValue: 1, changed: false, dimensions: 4, basis: 'full' });
    const moved = embeddingChange(a, gaussian([0.5, -0.5, 0.5, 0.5], [-4, -4, -4, -4]), basis);
    // D2 = 1 / (2 e^-4) = 27.3 on 4 degrees of freedom.
    expect(moved.statistic).toBeCloseTo(1 / (2 * Math.exp(-4)), 10);
    expect(moved.changed).toBe(true);
    expect(moved.ratio).toBeGreaterThan(1);
    expect(moved.csd).toBeCloseTo(1 + 8 * Math.exp(-4), 10);
    expect(moved.modelSpread).toBeCloseTo(Math.sqrt(8 * Math.exp(-4)), 10);
    expect(moved.meanShift).toBeCloseTo(1, 6);
  });

  it('calls a change beyond the noise for about 5 % of pairs that differ only by the spread the model reports (the level)', () => {
    const basis = libraryBasis(library(300, 4, 5), 300, D);
    const rand = mulberry32(99);
    let changed = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const la = Array.from({ length: D }, () => -3 - 2 * rand());
      const lb = Array.from({ length: D }, () => -3 - 2 * rand());
      const eps = normals(1000 + i, D);
      const mu = Array.from({ length: D }, () => rand() - 0.5);
      // mu_b - mu_a ~ N(0, sigma_a^2 + sigma_b^2): the null hypothesis exactly.
      const mb = mu.map((m, t) => m + Math.sqrt(Math.exp(la[t] as number) + Math.exp(lb[t] as number)) * (eps[t] as number));
      if (embeddingChange(gaussian(mu, la), gaussian(mb, lb), basis).changed) changed++;
    }
    // Binomial(2000, 0.05): mean 100, sd 9.7.
    expect(changed).toBeGreaterThan(65);
    expect(changed).toBeLessThan(135);
  });

  it('ignores a difference in directions the library does not vary in, and sees the same size along one it does', () => {
    const basis = libraryBasis(library(300, 2, 21), 300, D);
    const base = Array.from({ length: D }, () => 0);
    const logvar = Array.from({ length: D }, () => -6);
    const off = [...base];
    off[40] = 0.3;
    const along = [...base];
    along[0] = 0.3;
    expect(embeddingChange(gaussian(base, logvar), gaussian(off, logvar), basis).changed).toBe(false);
    expect(embeddingChange(gaussian(base, logvar), gaussian(along, logvar), basis).changed).toBe(true);
    // The full-space test on the same shift needs D2 above the 64-d threshold.
    expect(embeddingChange(gaussian(base, logvar), gaussian(along, logvar), fullBasis(D)).dimensions).toBe(D);
  });

  it('uses head weight vectors when there is no library (dependent ones dropped)', () => {
    const w1 = Array.from({ length: D }, (_, t) => (t === 1 ? 2 : 0));
    const b = vectorsBasis([w1, w1.map((x) => -3 * x), Array.from({ length: D }, (_, t) => (t === 2 ? 1 : 0))], D);
    expect(b).toMatchObject({ kind: 'heads', k: 2 });
    expect(vectorsBasis([], D).kind).toBe('full');
  });
});
