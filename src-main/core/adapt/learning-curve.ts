/**
 * The learning curve: each method refitted on random patient-level subsets of the training part (10, 20, 50,
 * 100, 200 ECGs; several subsets per size, cross-validation inside each as far as its size allows) and scored
 * on the same held-out test part (Brier score for a binary target, MAE for a continuous one). "All" is the
 * main fit's score.
 */
import { headContextOf } from '../model/predictor';
import { headPoint } from '../model/results/heads';
import { type FitContext, type FittedHead, checkpoint, promptsFor } from './fit-common';
import { brier, meanAbsoluteError } from './metrics';
import { fitFewShot } from './methods/fewshot';
import { fitRecalibrations } from './methods/recalibrate';
import { fitSiteKnn } from './methods/site-knn';
import { buildSiteLibrary } from './site-library';
import { withPlausibleRange } from './plausible-range';
import { patientSubset, usableFolds } from './split';
import type { PackData } from '../model/pack/load';
import type { AdaptMethod, LearningCurve } from './types';

export const LEARNING_CURVE_SIZES = [10, 20, 50, 100, 200];

/** Fits the chosen methods on `rows` (what the main run and every learning-curve subset do). */
export async function fitMethods(fc: FitContext, rows: Int32Array, methods: AdaptMethod[], level: number): Promise<FittedHead[]> {
  const out: FittedHead[] = [];
  if (methods.includes('recalibrate')) out.push(...(await fitRecalibrations(fc, rows, level)));
  if (methods.includes('fewshot')) out.push(await fitFewShot(fc, rows, level));
  if (methods.includes('knn')) out.push(await fitSiteKnn(fc, rows, level));
  return withPlausibleRange(fc, rows, out);
}

/** A fitted head's point estimates on the test rows (its own site library when it has one). */
export function testPoints(fc: FitContext, base: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library'>, h: FittedHead, test: Int32Array): Float64Array {
  const d = fc.data.dim;
  const siteLibrary = h.siteLibrary && buildSiteLibrary(fc.data, h.siteLibrary.rows, h.siteLibrary.measurement);
  const ctx = headContextOf({ ...base, prompts: promptsFor([h.spec], base), ...(siteLibrary ? { siteLibrary } : {}) });
  return Float64Array.from(test, (i) => headPoint(h.spec, { mean: fc.data.mean.subarray(i * d, (i + 1) * d), logvar: fc.data.logvar.subarray(i * d, (i + 1) * d) }, ctx));
}

export async function learningCurve(args: {
  fc: FitContext;
  pack: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library'>;
  train: Int32Array;
  test: Int32Array;
  methods: AdaptMethod[];
  level: number;
  sizes: number[];
  repeats: number;
  /** The main fit's test value per adapted head ("all") and the base heads' values. */
  all: { head: string; method: AdaptMethod; value: number }[];
  base: { head: string; value: number }[];
  onStep?: (done: number, total: number) => void;
}): Promise<LearningCurve> {
  const { fc, train, test } = args;
  const { data, binary } = fc;
  const yTest = Float64Array.from(test, (i) => data.y[i] as number);
  const metric = binary ? 'brier' : 'mae';
  const score = (v: Float64Array) => (binary ? brier(v, yTest) : meanAbsoluteError(v, yTest));
  const sizes = args.sizes.filter((s) => s < train.length);
  const sums = new Map<string, Map<number, { sum: number; n: number }>>();
  let step = 0;
  for (const size of sizes) {
    for (let rep = 0; rep < args.repeats; rep++) {
      args.onStep?.(step++, sizes.length * args.repeats);
      const sub = patientSubset(data.group, data.y, train, binary, size, fc.seed + 7919 * (rep + 1) + size);
      if (binary) {
        const pos = sub.reduce((n, i) => n + (data.y[i] as number), 0);
        if (pos === 0 || pos === sub.length) continue;
      }
      const folds = usableFolds(data.group, data.y, sub, binary, fc.folds);
      const fitted = await fitMethods({ ...fc, folds: folds >= 2 ? folds : 0, seed: fc.seed + rep }, sub, args.methods, args.level);
      for (const h of fitted) {
        const v = score(testPoints(fc, args.pack, h, test));
        const bySize = sums.get(h.spec.id) ?? new Map<number, { sum: number; n: number }>();
        const e = bySize.get(size) ?? { sum: 0, n: 0 };
        e.sum += v;
        e.n += 1;
        bySize.set(size, e);
        sums.set(h.spec.id, bySize);
      }
      await checkpoint(fc.signal);
    }
  }
  return {
    metric,
    base: args.base,
    series: args.all.map((a) => ({
      head: a.head,
      method: a.method,
      points: [
        ...sizes.map((size) => {
          const e = sums.get(a.head)?.get(size);
          return { size, repeats: e?.n ?? 0, value: e ? e.sum / e.n : null };
        }),
        { size: train.length, repeats: 1, value: a.value },
      ],
    })),
  };
}
