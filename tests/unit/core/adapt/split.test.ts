/** Patient-level stratified splits: no patient on both sides, class balance kept, folds all used. */
import { describe, expect, it } from 'vitest';
import { patientFolds, patientSplit, patientSubset, usableFolds } from '../../../../src-main/core/adapt/split';
import { mulberry32 } from '../../../../src-main/core/random';

/** 300 patients with 1-4 ECGs each; a patient's ECGs share its label (one echo). */
function cohort(binary: boolean) {
  const rand = mulberry32(7);
  const group: number[] = [];
  const y: number[] = [];
  for (let p = 0; p < 300; p++) {
    const n = 1 + Math.floor(rand() * 4);
    const v = binary ? (rand() < 0.2 ? 1 : 0) : 30 + 40 * rand();
    for (let k = 0; k < n; k++) {
      group.push(p);
      y.push(v);
    }
  }
  return { group: Int32Array.from(group), y: Float64Array.from(y) };
}

const patientsOf = (group: Int32Array, rows: ArrayLike<number>) => new Set(Array.from(rows, (i) => group[i]));

describe('patient-level split', () => {
  it.each([true, false])('keeps every patient on one side and the test part near its fraction (binary %s)', (binary) => {
    const { group, y } = cohort(binary);
    const { train, test } = patientSplit(group, y, binary, 0.3, 42);
    expect(train.length + test.length).toBe(group.length);
    const a = patientsOf(group, train);
    for (const p of patientsOf(group, test)) expect(a.has(p)).toBe(false);
    expect(test.length / group.length).toBeGreaterThan(0.27);
    expect(test.length / group.length).toBeLessThan(0.33);
    if (binary) {
      const rate = (rows: Int32Array) => Array.from(rows).reduce((s, i) => s + (y[i] as number), 0) / rows.length;
      // Stratified: the prevalence is the same on both sides (to within one patient's ECGs).
      expect(Math.abs(rate(train) - rate(test))).toBeLessThan(0.03);
    }
    // Seeded: the same split every time, another seed another split.
    expect(Array.from(patientSplit(group, y, binary, 0.3, 42).test)).toEqual(Array.from(test));
    expect(Array.from(patientSplit(group, y, binary, 0.3, 43).test)).not.toEqual(Array.from(test));
  });

  it('k folds inside the training part: each patient in one fold, every fold holds both classes', () => {
    const { group, y } = cohort(true);
    const { train } = patientSplit(group, y, true, 0.3, 1);
    const folds = patientFolds(group, y, train, true, 5, 3);
    const foldOfPatient = new Map<number, number>();
    train.forEach((i, r) => {
      const g = group[i] as number;
      const f = folds[r] as number;
      if (foldOfPatient.has(g)) expect(foldOfPatient.get(g)).toBe(f);
      foldOfPatient.set(g, f);
    });
    for (let f = 0; f < 5; f++) {
      const ys = Array.from(train).filter((_, r) => folds[r] === f).map((i) => y[i]);
      expect(ys.length).toBeGreaterThan(train.length / 7);
      expect(ys).toContain(1);
      expect(ys).toContain(0);
    }
  });

  it('tiny strata still fill every fold (continuous target, one patient per quintile)', () => {
    const group = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);
    const y = Float64Array.from([10, 20, 30, 40, 50, 60, 70]);
    const rows = Int32Array.from([0, 1, 2, 3, 4]);
    const folds = patientFolds(group, y, rows, false, 5, 9);
    expect(new Set(folds).size).toBe(5);
    expect(usableFolds(group, y, rows, false, 5)).toBe(5);
    expect(usableFolds(group, Float64Array.from([1, 0, 0, 0, 0, 0, 0]), rows, true, 5)).toBe(1);
  });

  it('learning-curve subsets take whole patients and keep both classes', () => {
    const { group, y } = cohort(true);
    const { train } = patientSplit(group, y, true, 0.3, 1);
    const sub = patientSubset(group, y, train, true, 50, 11);
    expect(sub.length).toBeGreaterThanOrEqual(40);
    expect(sub.length).toBeLessThanOrEqual(70);
    const inSub = new Set(sub);
    for (const i of train) if (inSub.has(i)) for (const j of train) if (group[j] === group[i]) expect(inSub.has(j)).toBe(true);
    expect(Array.from(sub).some((i) => y[i] === 1)).toBe(true);
  });
});
