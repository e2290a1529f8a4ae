import { describe, expect, it } from 'vitest';
import { predictiveValues } from '../../../../src-renderer/src/features/ai-card/predictive-values';

describe('PPV/NPV at a prevalence', () => {
  it('matches Bayes for a worked example (se 0.9, sp 0.8, prevalence 10 %)', () => {
    const v = predictiveValues({ sensitivity: 0.9, specificity: 0.8 }, 0.1);
    // PPV = 0.09 / (0.09 + 0.18) = 1/3; NPV = 0.72 / (0.72 + 0.01) = 0.9863
    expect(v?.ppv).toBeCloseTo(1 / 3, 10);
    expect(v?.npv).toBeCloseTo(0.72 / 0.73, 10);
  });

  it('PPV rises and NPV falls as prevalence rises', () => {
    const lo = predictiveValues({ sensitivity: 0.85, specificity: 0.85 }, 0.05);
    const hi = predictiveValues({ sensitivity: 0.85, specificity: 0.85 }, 0.4);
    expect(hi && lo && hi.ppv > lo.ppv && hi.npv < lo.npv).toBe(true);
  });

  it('refuses inputs outside 0..1 and undefined ratios', () => {
    expect(predictiveValues({ sensitivity: 1.2, specificity: 0.5 }, 0.1)).toBeNull();
    expect(predictiveValues({ sensitivity: 0.9, specificity: 0.9 }, -0.1)).toBeNull();
    expect(predictiveValues({ sensitivity: 0, specificity: 1 }, 0.1)).toBeNull();
  });
});
