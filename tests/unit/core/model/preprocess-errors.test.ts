import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { isCoreError } from '../../../../src-main/core/errors';
import { type InputContract, preprocessRecord } from '../../../../src-main/core/model/preprocess/pipeline';
import { recordBase } from '../../../helpers/record-base';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVF', 'aVL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const contract: InputContract = {
  sampleRateHz: 100,
  samples: 1000,
  leads: LEADS,
  units: 'mV',
  bandpass: { lowHz: 0.5, highHz: 40, order: 4 },
  resample: { window: 'kaiser', beta: 5, padtype: 'median' },
  window: { rule: 'start', maxPadS: 0.5 },
  scaler: { mean: Array(12).fill(0), scale: Array(12).fill(1) },
};

function record(fs: number, seconds: number, leads = LEADS): EcgRecord {
  const n = Math.round(fs * seconds);
  return {
    ...recordBase(),
    groups: [
      {
        kind: 'rhythm',
        sampleRateHz: fs,
        leads: leads.map((name, l) => ({
          name,
          derived: false,
          samples: Float32Array.from({ length: n }, (_, i) => 800 * Math.sin((2 * Math.PI * 1.2 * i) / fs + l) + 30 * Math.sin(i)),
        })),
      },
    ],
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isCoreError(e) ? e.code : `uncoded: ${String(e)}`;
  }
  return 'no error';
}

describe('preprocessing refusals', () => {
  it('names the missing leads', () => {
    const rec = record(500, 10, LEADS.filter((l) => l !== 'V4' && l !== 'aVF'));
    expect(codeOf(() => preprocessRecord(rec, contract))).toBe('MISSING_LEADS');
    try {
      preprocessRecord(rec, contract);
    } catch (e) {
      expect(String((e as Error).message)).toContain('aVF, V4');
    }
  });
  it('refuses records shorter than the window beyond the pad limit, pads within it', () => {
    expect(codeOf(() => preprocessRecord(record(500, 9.4), contract))).toBe('RECORD_TOO_SHORT');
    const ok = preprocessRecord(record(500, 9.6), contract);
    expect(ok.window.paddedS).toBeCloseTo(0.4, 9);
    expect(ok.data.length).toBe(12_000);
    expect(codeOf(() => preprocessRecord(record(500, 0.04), contract))).toBe('RECORD_TOO_SHORT');
  });
  it('refuses a window outside the recording and a window too close to the end', () => {
    expect(codeOf(() => preprocessRecord(record(500, 12), contract, 30))).toBe('WINDOW_OUT_OF_RANGE');
    expect(codeOf(() => preprocessRecord(record(500, 12), contract, -1))).toBe('WINDOW_OUT_OF_RANGE');
    expect(codeOf(() => preprocessRecord(record(500, 12), contract, 5))).toBe('RECORD_TOO_SHORT');
    expect(preprocessRecord(record(500, 12), contract, 2).window.startS).toBe(2);
  });
  it('refuses sample rates the band-pass or resampler cannot take', () => {
    expect(codeOf(() => preprocessRecord(record(60, 12), contract))).toBe('UNSUPPORTED_SAMPLE_RATE');
    expect(codeOf(() => preprocessRecord(record(256.41, 12), contract))).toBe('UNSUPPORTED_SAMPLE_RATE');
  });
  it('refuses non-numeric and implausible samples, and leads the reader marked unusable (IMPLAUSIBLE_SIGNAL)', () => {
    const rec = record(500, 10);
    const lead = rec.groups[0]?.leads[3];
    if (lead) lead.samples[100] = NaN;
    expect(codeOf(() => preprocessRecord(rec, contract))).toBe('IMPLAUSIBLE_SIGNAL');
    const loud = record(500, 10);
    (loud.groups[0]?.leads[5] as { samples: Float32Array }).samples[7] = 5e11;
    expect(codeOf(() => preprocessRecord(loud, contract))).toBe('IMPLAUSIBLE_SIGNAL');
    const marked = record(500, 10);
    (marked.groups[0]?.leads[2] as { unusable?: string }).unusable = 'damaged scaling';
    expect(codeOf(() => preprocessRecord(marked, contract))).toBe('IMPLAUSIBLE_SIGNAL');
  });
  it('cuts long records around the window without changing the result measurably', () => {
    const long = record(250, 90);
    const cut = preprocessRecord(long, contract, 40);
    // Reference: the same window from the first 59 s (under the long-record limit, so filtered whole).
    const whole = record(250, 59);
    whole.groups[0]?.leads.forEach((l, i) => {
      l.samples = (long.groups[0]?.leads[i]?.samples ?? new Float32Array()).slice(0, 250 * 59);
    });
    const ref = preprocessRecord(whole, contract, 40);
    let e = 0;
    cut.data.forEach((v, i) => (e = Math.max(e, Math.abs(v - (ref.data[i] as number)))));
    expect(cut.window.startS).toBe(40);
    expect(e).toBeLessThan(1e-4);
  });
});
