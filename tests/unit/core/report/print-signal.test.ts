/**
 * The printed traces go through the canvas's own display filter (src-shared/ecg-paper), gaps included: DICOM
 * waveform padding is a break in the printed line, never a flat line at 0 mV, and no filter runs across it.
 */
import { describe, expect, it } from 'vitest';
import type { WaveformGroup } from '../../../../src-main/core/ecg/record';
import { cellPath } from '../../../../src-main/core/report/draw-signal';
import { computePrintLayout } from '../../../../src-main/core/report/page-layout';
import { filteredSignal } from '../../../../src-main/core/report/render-report';

const FS = 500;
/** Lead II: 10 s at 300 uV with a QRS-like bump each second; samples 2000-2500 are padding (0, no data). */
function paddedGroup(): WaveformGroup {
  const samples = Float32Array.from({ length: 10 * FS }, (_, i) => 300 + 900 * Math.exp(-((((i % FS) - 250) / 6) ** 2)));
  samples.fill(0, 2000, 2500);
  const flat = new Float32Array(10 * FS).fill(100);
  return {
    kind: 'rhythm',
    sampleRateHz: FS,
    leads: [
      { name: 'I', samples: flat, derived: false },
      { name: 'II', samples, derived: false, gaps: [[2000, 2500]] },
    ],
  };
}

describe('printed signal', () => {
  for (const band of ['none', 'monitoring', 'diagnostic'] as const) {
    it(`leaves the padding out of the line (${band} filter) and filters each side on its own`, () => {
      const signal = filteredSignal(paddedGroup(), { filter: { band, notchHz: 50 } });
      const ii = signal.leads[1] as Float32Array;
      for (let i = 2000; i < 2500; i++) expect(Number.isNaN(ii[i])).toBe(true);
      expect(Number.isFinite(ii[1999]) && Number.isFinite(ii[2500])).toBe(true);
      if (band === 'none') expect(ii[1999]).toBeCloseTo(300, 3);
      // The lead without gaps is untouched by the other's padding.
      expect((signal.leads[0] as Float32Array).every(Number.isFinite)).toBe(true);
    });
  }

  it('draws the padded stretch as a break: the pen lifts and starts again after it', () => {
    const group = paddedGroup();
    const signal = filteredSignal(group, { filter: { band: 'none', notchHz: 0 } });
    const layout = computePrintLayout({ layout: '12x1', leadNames: ['I', 'II'], durationS: 10, startS: 0, speedMmPerS: 25, gridWidthMm: 277, gridHeightMm: 180 });
    const cell = layout.cells.find((c) => c.lead === 'II');
    expect(cell).toBeDefined();
    const path = cellPath(cell!, signal.leads[1] as Float32Array, FS, { grid: { xMm: 10, yMm: 10, wMm: 277, hMm: 180 }, speedMmPerS: 25, gainMmPerMv: 10 });
    const moves = path.split('\n').filter((op) => op.endsWith(' m'));
    expect(moves).toHaveLength(2);
  });
});
