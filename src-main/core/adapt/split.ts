/**
 * Patient-level, stratified splits: the held-out test part, the k folds of cross-validation inside the
 * training part, and the random training subsets of the learning curve. Every ECG of a patient lands on the
 * same side, so a patient's repeat ECGs never let the model see its test answers.
 */
import { mulberry32 } from '../random';

/** Stratum of a patient: binary targets by whether any of its ECGs is positive, continuous ones by quintile of its mean. */
export function patientStrata(group: Int32Array, y: Float64Array, rows: ArrayLike<number>, binary: boolean): Map<number, number> {
  const sum = new Map<number, { s: number; n: number; any: boolean }>();
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const g = group[i] as number;
    const e = sum.get(g) ?? { s: 0, n: 0, any: false };
    e.s += y[i] as number;
    e.n += 1;
    e.any ||= (y[i] as number) === 1;
    sum.set(g, e);
  }
  const strata = new Map<number, number>();
  if (binary) {
    for (const [g, e] of sum) strata.set(g, e.any ? 1 : 0);
    return strata;
  }
  const means = [...sum.entries()].map(([g, e]) => ({ g, m: e.s / e.n })).sort((a, b) => a.m - b.m || a.g - b.g);
  means.forEach((e, k) => strata.set(e.g, Math.min(4, Math.floor((5 * k) / means.length))));
  return strata;
}

function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/** The patients of each stratum (sorted by id first, so the shuffle alone decides), with their ECG rows. */
function byStratum(group: Int32Array, rows: ArrayLike<number>, strata: Map<number, number>): Map<number, { g: number; rows: number[] }[]> {
  const members = new Map<number, number[]>();
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const g = group[i] as number;
    const m = members.get(g);
    if (m) m.push(i);
    else members.set(g, [i]);
  }
  const out = new Map<number, { g: number; rows: number[] }[]>();
  for (const g of [...members.keys()].sort((a, b) => a - b)) {
    const s = strata.get(g) ?? 0;
    const list = out.get(s) ?? [];
    list.push({ g, rows: members.get(g) as number[] });
    out.set(s, list);
  }
  return out;
}

/**
 * Held-out split: in each stratum the patients are shuffled (seeded) and taken for the test part while that
 * brings its ECG count nearer to `testFraction` of the stratum's ECGs.
 */
export function patientSplit(
  group: Int32Array,
  y: Float64Array,
  binary: boolean,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  const all = Array.from({ length: group.length }, (_, i) => i);
  const strata = patientStrata(group, y, all, binary);
  const rand = mulberry32(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const [, patients] of [...byStratum(group, all, strata).entries()].sort((a, b) => a[0] - b[0])) {
    const total = patients.reduce((n, p) => n + p.rows.length, 0);
    const want = testFraction * total;
    let taken = 0;
    for (const p of shuffle(patients, rand)) {
      if (Math.abs(taken + p.rows.length - want) < Math.abs(taken - want)) {
        test.push(...p.rows);
        taken += p.rows.length;
      } else train.push(...p.rows);
    }
  }
  return { train: Int32Array.from(train.sort((a, b) => a - b)), test: Int32Array.from(test.sort((a, b) => a - b)) };
}

/**
 * Stratified group k-fold over `rows`: within each stratum the shuffled patients go, one by one, to the fold
 * with the fewest ECGs of that stratum so far (ties: the fewest ECGs overall), so every fold gets patients even
 * when the strata are tiny. Returns the fold (0..k-1) of each listed row, in `rows` order.
 */
export function patientFolds(group: Int32Array, y: Float64Array, rows: ArrayLike<number>, binary: boolean, k: number, seed: number): Int32Array {
  const strata = patientStrata(group, y, rows, binary);
  const rand = mulberry32(seed);
  const foldOf = new Map<number, number>();
  const total = new Array<number>(k).fill(0);
  for (const [, patients] of [...byStratum(group, rows, strata).entries()].sort((a, b) => a[0] - b[0])) {
    const load = new Array<number>(k).fill(0);
    for (const p of shuffle(patients, rand)) {
      let best = 0;
      for (let f = 1; f < k; f++) {
        const d = (load[f] as number) - (load[best] as number);
        if (d < 0 || (d === 0 && (total[f] as number) < (total[best] as number))) best = f;
      }
      foldOf.set(p.g, best);
      load[best] = (load[best] as number) + p.rows.length;
      total[best] = (total[best] as number) + p.rows.length;
    }
  }
  return Int32Array.from({ length: rows.length }, (_, r) => foldOf.get(group[rows[r] as number] as number) as number);
}

/**
 * About `size` ECGs of `rows`, whole patients at a time (shuffled, seeded), stratified as the split is: each
 * stratum contributes in proportion, so a small subset keeps the class balance of the training part.
 */
export function patientSubset(group: Int32Array, y: Float64Array, rows: ArrayLike<number>, binary: boolean, size: number, seed: number): Int32Array {
  const strata = patientStrata(group, y, rows, binary);
  const rand = mulberry32(seed);
  const out: number[] = [];
  const fraction = Math.min(1, size / rows.length);
  for (const [, patients] of [...byStratum(group, rows, strata).entries()].sort((a, b) => a[0] - b[0])) {
    const total = patients.reduce((n, p) => n + p.rows.length, 0);
    const want = Math.max(1, Math.round(fraction * total));
    let taken = 0;
    for (const p of shuffle(patients, rand)) {
      if (taken >= want) break;
      out.push(...p.rows);
      taken += p.rows.length;
    }
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

/** How many folds the data allow: at most `k`, at most the patients, and (binary) at most the rarer class's patients. */
export function usableFolds(group: Int32Array, y: Float64Array, rows: ArrayLike<number>, binary: boolean, k: number): number {
  const strata = patientStrata(group, y, rows, binary);
  let limit = strata.size;
  if (binary) {
    let pos = 0;
    for (const s of strata.values()) pos += s;
    limit = Math.min(pos, strata.size - pos);
  }
  return Math.max(0, Math.min(k, limit));
}
