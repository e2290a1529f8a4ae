import { describe, expect, it } from 'vitest';
import { aiSummary, ordinal, overreadLines, type ReportPrediction } from '../../../../src-main/core/report/ai-summary';
import { prediction } from '../../../helpers/report-prediction';
import { isCoreError } from '../../../../src-main/core/errors';

describe('AI page content', () => {
  it('names the pack, its intended use, the uncertainty and each head with interval and call', () => {
    const s = aiSummary(prediction());
    expect(s.heading).toBe('AI summary · Test pack 1.2.3');
    expect(s.notClinical).toBe('Research only.');
    expect(s.uncertainty).toBe("Uncertainty: low · 42nd percentile of the pack's reference set (score 0.0123)");
    expect(s.abstain).toBeNull();
    expect(s.heads).toEqual([
      { finding: 'LVEF < 40 %', estimate: '62 %', interval: '90 %: 50 % to 71 %', threshold: '50 %', call: 'positive' },
      { finding: 'LVEF', estimate: '38 %', interval: '90 %: 31 % to 46 %', threshold: '40 %', call: 'positive' },
    ]);
    expect(s.similar[0]).toEqual({ title: '1. echo-1 · distance 1.234 · match 70 % · 2020-01-02 · lvef 35.3', report: 'LV dilated, EF reduced.' });
    expect(s.similar[1]?.title).toBe('2. echo-2 · distance 1.500');
  });

  it('has no not-for-clinical-use statement for a clinical pack, and withholds calls when the model abstains', () => {
    const clinical = aiSummary(prediction({ model: { ...prediction().model, clinical: true } }));
    expect(clinical.notClinical).toBeNull();
    const abstain = aiSummary(prediction({ uncertainty: { score: 0.9, percentile: 97, level: 'abstain' } }));
    expect(abstain.abstain).toMatch(/too uncertain/);
    expect(abstain.heads.every((h) => h.call === 'no call')).toBe(true);
  });

  it('writes ordinals for percentiles', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 42, 99.6, 100].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '42nd', '100th', '100th']);
  });

  it('refuses to print a non-finite number', () => {
    const bad = [
      prediction({ uncertainty: { score: Number.NaN, percentile: 1, level: 'low' } }),
      prediction({ predictions: [{ ...(prediction().predictions[0] as ReportPrediction['predictions'][number]), interval: [0.1, Number.POSITIVE_INFINITY] }] }),
      prediction({ stepVariance: { startS: 0, stepS: 0.08, values: [1, Number.NaN] } }),
      prediction({ similarReports: [{ id: 'x', score: Number.NaN, report: '', measurements: {} }] }),
    ];
    for (const p of bad) {
      try {
        aiSummary(p);
        expect.unreachable('a non-finite prediction was accepted');
      } catch (e) {
        expect(isCoreError(e, 'REPORT_INVALID_RESULT')).toBe(true);
      }
    }
  });

  it('prints the overread, and leaves its note out when identifiers are hidden', () => {
    const o = { verdict: 'disagree' as const, reviewer: 'dr.a', note: 'Patient Smith, repeat ECG', at: '2026-01-02T03:04:05.678Z' };
    expect(overreadLines(o, false)).toEqual({ verdict: 'Reader dr.a disagrees with the AI call on 2026-01-02 03:04:05.', note: 'Note: Patient Smith, repeat ECG' });
    expect(overreadLines(o, true).note).toBe('Note withheld: identifiers are hidden.');
    expect(overreadLines({ ...o, note: '' }, false).note).toBeNull();
    expect(overreadLines(null, false)).toEqual({ verdict: 'No overread recorded for this ECG.', note: null });
  });
});
