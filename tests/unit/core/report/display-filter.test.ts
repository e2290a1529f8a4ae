/**
 * The printed traces go through the same display filter as the canvas: the core's port
 * (src-main/core/report/display-filter.ts) must give the renderer's samples exactly, on real ECGs, for every
 * band and notch, at the sample rates files come in.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/index';
import { rhythmGroup } from '../../../../src-main/core/ecg/record';
import * as core from '../../../../src-main/core/report/display-filter';
import * as canvas from '../../../../src-renderer/src/features/trace/filters';

const FIXTURES = join(__dirname, '../../../fixtures/ecg');
const FILES = [
  'ge-muse-xml/easyrecg_muse_ecg1.xml', // 500 Hz
  'dicom/pydicom_waveform_ecg.dcm', // 1000 Hz
  'wfdb/mitdb_208/208.hea', // 360 Hz
  'wfdb/svdb_800/800.hea', // 128 Hz: the 150 Hz low-pass is above Nyquist and skipped
];
const BANDS = ['none', 'diagnostic', 'monitoring'] as const;
const NOTCHES = [0, 50, 60] as const;

describe('report display filter = canvas display filter', () => {
  it('has the same bands and labels', () => {
    expect(core.BANDS).toEqual(canvas.BANDS);
    for (const band of BANDS) for (const notchHz of NOTCHES) expect(core.filterLabel({ band, notchHz })).toBe(canvas.filterLabel({ band, notchHz }));
  });

  for (const file of FILES) {
    it(`filters ${file} exactly as the canvas does, for every band and notch`, async () => {
      const group = rhythmGroup(await readEcgFile(join(FIXTURES, file)));
      expect(group).toBeDefined();
      const leads = (group?.leads ?? []).slice(0, 3);
      for (const band of BANDS) {
        for (const notchHz of NOTCHES) {
          for (const lead of leads) {
            // Long Holter records: the first minute is plenty and keeps the suite fast.
            const x = lead.samples.subarray(0, Math.min(lead.samples.length, 60 * (group?.sampleRateHz ?? 0)));
            const printed = core.applyDisplayFilter(x, group?.sampleRateHz ?? 0, { band, notchHz });
            const shown = canvas.applyDisplayFilter(x, group?.sampleRateHz ?? 0, { band, notchHz });
            expect(printed.length).toBe(shown.length);
            expect(Buffer.from(printed.buffer, printed.byteOffset, printed.byteLength).equals(Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength))).toBe(true);
          }
        }
      }
    });
  }

  it('would notice a changed filter: the diagnostic and monitoring outputs differ', async () => {
    const group = rhythmGroup(await readEcgFile(join(FIXTURES, FILES[0] as string)));
    const x = group?.leads[0]?.samples ?? new Float32Array();
    const a = core.applyDisplayFilter(x, 500, { band: 'diagnostic', notchHz: 0 });
    const b = core.applyDisplayFilter(x, 500, { band: 'monitoring', notchHz: 0 });
    expect(a.some((v, i) => Math.abs(v - (b[i] as number)) > 1)).toBe(true);
  });
});
