/**
 * PPV and NPV of a call at a stated prevalence, from the operating point's sensitivity and specificity
 * (Bayes). Pure; the card shows them next to each head when the model pack reports its operating point.
 */

export interface OperatingPoint {
  sensitivity: number;
  specificity: number;
}

export interface PredictiveValues {
  ppv: number;
  npv: number;
}

/** PPV/NPV at `prevalence` (0..1); null when an input is outside 0..1 or a value is undefined (0/0). */
export function predictiveValues(op: OperatingPoint, prevalence: number): PredictiveValues | null {
  const { sensitivity: se, specificity: sp } = op;
  const ok = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
  if (!ok(se) || !ok(sp) || !ok(prevalence)) return null;
  const tp = se * prevalence;
  const fp = (1 - sp) * (1 - prevalence);
  const tn = sp * (1 - prevalence);
  const fn = (1 - se) * prevalence;
  if (tp + fp === 0 || tn + fn === 0) return null;
  return { ppv: tp / (tp + fp), npv: tn / (tn + fn) };
}
