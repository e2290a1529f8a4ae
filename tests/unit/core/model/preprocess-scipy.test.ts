import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { butterBandpassSos } from '../../../../src-main/core/model/preprocess/butter';
import { type InputContract, cropAndScale, preprocessRecord } from '../../../../src-main/core/model/preprocess/pipeline';
import { planResample, resampleFactors, resamplePolyMedian } from '../../../../src-main/core/model/preprocess/resample';
import { sosfiltfilt } from '../../../../src-main/core/model/preprocess/sosfilt';
import { maxAbsDiff, readF64, readIndex } from './fixture-io';
import { recordBase } from '../../../helpers/record-base';

const index = readIndex();
const TOL = 1e-5;

function contract(scaler = index.scaler): InputContract {
  return {
    sampleRateHz: 100,
    samples: 1000,
    leads: index.leads,
    units: 'mV',
    bandpass: { lowHz: 0.5, highHz: 40, order: 4 },
    resample: { window: 'kaiser', beta: 5, padtype: 'median' },
    window: { rule: 'start', maxPadS: 0.5 },
    scaler,
  };
}

describe.each(index.cases)('preprocessing vs scipy: $id', (c) => {
  const input = readF64(c.files.input);
  const [leads, n] = c.files.input.shape as [number, number];
  const lead = (a: Float64Array, l: number, len: number): Float64Array => a.subarray(l * len, (l + 1) * len);

  it('designs the same second-order sections', () => {
    expect(maxAbsDiff(butterBandpassSos(4, 0.5, 40, c.sampleRateHz), readF64(c.files.sos))).toBeLessThan(1e-12);
  });

  it('band-passes like sosfiltfilt and resamples like resample_poly', () => {
    const sos = butterBandpassSos(4, 0.5, 40, c.sampleRateHz);
    const filtered = readF64(c.files.filtered);
    const resampled = readF64(c.files.resampled);
    const m = c.files.resampled.shape[1] as number;
    const { up, down } = resampleFactors(c.sampleRateHz, 100);
    const plan = planResample(up, down, n, 5);
    for (let l = 0; l < leads; l++) {
      const y = sosfiltfilt(sos, lead(input, l, n));
      expect(maxAbsDiff(y, lead(filtered, l, n)) / c.ranges.filtered).toBeLessThan(TOL);
      // Resample scipy's own filtered signal so each stage is checked on its own.
      const r = resamplePolyMedian(lead(filtered, l, n), plan);
      expect(maxAbsDiff(r, lead(resampled, l, m)) / c.ranges.resampled).toBeLessThan(TOL);
    }
  });

  it('crops, pads and scales like the reference', () => {
    const resampled = readF64(c.files.resampled);
    const m = c.files.resampled.shape[1] as number;
    const per = Array.from({ length: leads }, (_, l) => lead(resampled, l, m));
    const plain = cropAndScale(per, 0, contract({ mean: Array(12).fill(0), scale: Array(12).fill(1) }), c.startSample / 100);
    // The fixture stores the scaled window; unscale it to check the crop / zero-pad on its own.
    const ref = readF64(c.files.scaled);
    const cropped = ref.map((v, i) => v * (index.scaler.scale[Math.floor(i / 1000)] as number) + (index.scaler.mean[Math.floor(i / 1000)] as number));
    expect(maxAbsDiff(plain.data, cropped) / c.ranges.resampled).toBeLessThan(TOL);
    const scaled = cropAndScale(per, 0, contract(), c.startSample / 100);
    expect(maxAbsDiff(scaled.data, readF64(c.files.scaled)) / c.ranges.scaled).toBeLessThan(TOL);
  });

  it('runs the whole chain from a microvolt record', () => {
    const record: EcgRecord = {
      ...recordBase(),
      // Shuffled lead order: the pipeline must pick leads by name.
      groups: [
        {
          kind: 'rhythm',
          sampleRateHz: c.sampleRateHz,
          leads: index.leads
            .map((name, l) => ({ name, derived: false, samples: Float32Array.from(lead(input, l, n), (v) => v * 1000) }))
            .reverse(),
        },
      ],
    };
    const out = preprocessRecord(record, contract(), c.startSample / 100);
    expect(maxAbsDiff(out.data, readF64(c.files.scaled)) / c.ranges.scaled).toBeLessThan(TOL);
    expect(out.window.startS).toBeCloseTo(c.startSample / 100, 9);
    expect(out.window.durationS).toBe(10);
  });
});
