/**
 * Prompt regression for every Monte Carlo sample of one record (the prompt head's interval), exact and fast.
 * Per sample: cosine similarity with each prompt, the median value of the top fraction. Dividing by ||z|| does
 * not change a sample's ranking, so rank-basis.ts prunes on z . p_j and only the survivors get the reference's
 * similarity (same formula, same rounding): `promptEstimates` equals `promptEstimatesReference` bit for bit.
 */
import { median } from './stats';
import { type RowBasis, bounds, dot, projectSamples, rowBasis, rowOffsets, scratch, selectBest, survivors } from './rank-basis';
import { candidateScratch, productCandidates, type SampleProducts } from './row-products';

interface PromptPack {
  p64: Float64Array;
  /** Built on first use: the matrix-product path never needs it. */
  basis?: RowBasis;
}

/** Basis directions for the prompts: their spectrum decays fast (a handful of directions hold nearly all). */
export const PROMPT_BASIS_DIMS = 8;

const packs = new WeakMap<Float32Array, PromptPack>();

function promptPack(prompts: Float32Array): PromptPack {
  let p = packs.get(prompts);
  if (!p) {
    const p64 = Float64Array.from(prompts);
    p = { p64 };
    packs.set(prompts, p);
  }
  return p;
}

/** Number of prompts the median uses: max(1, round(topFraction * n)) (as heads.ts topCount). */
const topCountOf = (topFraction: number, n: number): number => Math.max(1, Math.round(topFraction * n));

/** The reference's sample norm: max(sqrt(z . z), 1e-12), four accumulators. */
function sampleNorm(z: Float64Array, o: number, dim: number): number {
  return Math.max(Math.sqrt(dot(z, o, z, o, dim)), 1e-12);
}

/** Full scan (the straightforward implementation, kept for tests and benches). */
export function promptEstimatesReference(z: Float64Array, samples: number, prompts: Float32Array, values: number[], topFraction: number, dim: number): number[] {
  const n = values.length;
  const { p64 } = promptPack(prompts);
  const all = Int32Array.from({ length: n }, (_, j) => j);
  const sims = new Float64Array(n);
  const top = topCountOf(topFraction, n);
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const norm = sampleNorm(z, s * dim, dim);
    for (let j = 0; j < n; j++) sims[j] = dot(z, s * dim, p64, j * dim, dim) / norm;
    out.push(median(selectBest(all, sims, n, top, false).map((j) => values[j] as number)));
  }
  return out;
}

/** Statistics of the pruned runs (how many prompts were scored exactly), for the bench. */
export const promptKernelStats = { samples: 0, exact: 0 };

/** Writes the prompts sample s must consider to `cand` (increasing index) and returns how many. */
type PromptCandidates = (s: number, cand: Int32Array) => number;

/**
 * Prompt-regression estimate of each sample z_s (rows of `z`, [samples x D]); `mu` the record's mean. The
 * candidates come from the basis bounds (rank-basis.ts), or, with `products` (row-products.ts, block `block`),
 * from the matrix product's far tighter bounds.
 */
export function promptEstimates(
  z: Float64Array,
  samples: number,
  mu: ArrayLike<number>,
  prompts: Float32Array,
  values: number[],
  topFraction: number,
  dim: number,
  products?: { products: SampleProducts; block: string },
): number[] {
  const n = values.length;
  const pack = promptPack(prompts);
  const { p64 } = pack;
  const top = topCountOf(topFraction, n);
  if (products) {
    const p = products.products;
    const w = candidateScratch(n, top);
    // Ascending on -(z . p_j). The tolerance covers the bounds' own rounding and keeps a pruned prompt
    // strictly below the kept ones after the division by ||z|| (so index tie-breaking cannot bring it back).
    return scanPrompts(z, samples, p64, values, top, dim, (s, cand) =>
      productCandidates(p, products.block, n, s, undefined, -1, 1e-9 * (p.zNorm[s] as number) * p.layout.maxRowNorm, top, cand, w),
    );
  }
  const basis = (pack.basis ??= rowBasis(p64, n, dim, PROMPT_BASIS_DIMS));
  const negOff = rowOffsets(basis, p64, mu).map((v) => -v);
  const { proj, perp, zNorm } = projectSamples(basis, z, samples, mu);
  let muNorm = 0;
  for (let t = 0; t < dim; t++) muNorm += (mu[t] as number) ** 2;
  muNorm = Math.sqrt(muNorm);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const scr = scratch(top);
  // Ascending on -(z . p_j - z . centre) so `survivors` keeps the largest similarities.
  return scanPrompts(z, samples, p64, values, top, dim, (s, cand) => {
    const tol = 1e-9 * ((zNorm[s] as number) + muNorm + basis.maxRowNorm) * basis.maxRowNorm;
    bounds(basis, negOff, -1, proj, s, perp[s] as number, tol, lo, hi);
    // A fifth of the prompts are kept: scoring k of them first would not pay (measured), so no exact pass.
    return survivors(lo, hi, n, top, 0, undefined, cand, scr);
  });
}

/** Per sample: the prompts the bounds cannot rule out, scored with the reference's similarity; their top median. */
function scanPrompts(z: Float64Array, samples: number, p64: Float64Array, values: number[], top: number, dim: number, candidates: PromptCandidates): number[] {
  const n = values.length;
  const cand = new Int32Array(n);
  const exact = new Float64Array(n);
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const m = candidates(s, cand);
    promptKernelStats.samples++;
    if (m <= top) {
      // Exactly `top` candidates are the top set (every other prompt is strictly less similar): the median
      // needs only the set, so nothing is scored.
      out.push(median(Array.from(cand.subarray(0, m), (j) => values[j] as number)));
      continue;
    }
    const norm = sampleNorm(z, s * dim, dim);
    for (let i = 0; i < m; i++) exact[i] = dot(z, s * dim, p64, (cand[i] as number) * dim, dim) / norm;
    promptKernelStats.exact += m;
    out.push(median(selectBest(cand, exact, m, top, false).map((j) => values[j] as number)));
  }
  return out;
}
