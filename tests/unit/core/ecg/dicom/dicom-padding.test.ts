import { describe, expect, it } from 'vitest';
import { readEcgBytes } from '../../../../../src-main/core/ecg';
import { dicomFile, int16Data, waveformElements } from './build-dicom';

const LEADS = ['1', '2', '3', '4', '5', '6', '7', '8'].map((k) => ({ code: `5.6.3-9-${k}`, sensitivity: 5, unit: 'uV' }));
const PAD = -32768;

/** An ECGToolkit-style file: rhythm group declaring padding -32768, median beat padded with -32768 but not declaring it. */
function toolkitStyle(medianLength: number, total: number, options: { rhythmPadding?: number } = {}) {
  const rhythm = LEADS.map((_, c) => Array.from({ length: 20 }, (_, s) => (s < 2 ? PAD : 10 * c + s)));
  const median = LEADS.map((_, c) => Array.from({ length: total }, (_, s) => (s < medianLength ? 100 + c + (s % 7) : PAD)));
  return dicomFile(
    waveformElements([
      { channels: LEADS, samples: 20, rate: 500, bits: 16, interpretation: 'SS', label: 'RHYTHM', data: int16Data(rhythm, true), ...(options.rhythmPadding !== undefined ? { padding: options.rhythmPadding } : {}) },
      { channels: LEADS, samples: total, rate: 500, bits: 16, interpretation: 'SS', label: 'MEDIAN BEAT', data: int16Data(median, true) },
    ]),
    'explicit-le',
  );
}

describe('DICOM waveform padding', () => {
  it('marks the median beat padding as gaps with the rhythm group’s declared value, never as signal', () => {
    const r = readEcgBytes({ bytes: toolkitStyle(12, 16, { rhythmPadding: PAD }) });
    const rhythm = r.groups.find((g) => g.kind === 'rhythm')!;
    const median = r.groups.find((g) => g.kind === 'median')!;
    const v1 = median.leads.find((l) => l.name === 'V1')!;
    expect(v1.gaps).toEqual([[12, 16]]);
    expect(Array.from(v1.samples.subarray(12))).toEqual([0, 0, 0, 0]);
    // No sample of the drawn beat is the -32768 x 5 uV spike.
    expect(Math.min(...v1.samples)).toBeGreaterThanOrEqual(0);
    expect(rhythm.leads[0]!.gaps).toEqual([[0, 2]]);
    // Derived limb leads carry the gaps of I and II.
    expect(median.leads.find((l) => l.name === 'aVF')).toMatchObject({ derived: true, gaps: [[12, 16]] });
    expect(r.warnings.join(' ')).toMatch(/MEDIAN|group 2/);
    expect(r.warnings.join(' ')).toContain('padding value declared by another group');
  });

  it('treats runs of -32768 at the ends of an undeclared 16-bit group as padding, and only at the ends', () => {
    const r = readEcgBytes({ bytes: toolkitStyle(12, 16) });
    const median = r.groups.find((g) => g.kind === 'median')!;
    expect(median.leads[0]!.gaps).toEqual([[12, 16]]);
    // At 1 uV per unit (at 5 uV, -32768 would be -164 mV: an implausible lead, issue 11, not a signal value).
    const mid = dicomFile(
      waveformElements([{ channels: [{ ...LEADS[0]!, sensitivity: 1 }], samples: 5, rate: 500, bits: 16, interpretation: 'SS', data: int16Data([[1, PAD, 2, 3, 4]], true) }]),
      'explicit-le',
    );
    const lead = readEcgBytes({ bytes: mid }).groups[0]!.leads[0]!;
    expect(lead.gaps).toBeUndefined();
    expect(lead.samples[1]).toBe(PAD);
  });

  it('leaves files without padding untouched', () => {
    const plain = dicomFile(
      waveformElements([{ channels: LEADS.slice(0, 2), samples: 3, rate: 500, bits: 16, interpretation: 'SS', data: int16Data([[1, 2, 3], [4, 5, 6]], true) }]),
      'explicit-le',
    );
    const r = readEcgBytes({ bytes: plain });
    expect(r.groups[0]!.leads.every((l) => l.gaps === undefined)).toBe(true);
    expect(r.warnings.join(' ')).not.toContain('padding');
  });
});
