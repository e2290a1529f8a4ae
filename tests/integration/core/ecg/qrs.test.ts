/**
 * The QRS detector against cardiologists' reference beat annotations (MIT-BIH), scored as AAMI EC57 does:
 * a detection within 150 ms of a reference beat is a true positive, each matched at most once.
 * Record 208 (360 Hz) is one of the hardest of the database (992 PVCs, 373 fusion beats, couplets);
 * svdb 800 is at 128 Hz. Whole 30-minute records, every beat.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/index';
import { detectQrs, detectQrsMultiLead } from '../../../../src-main/core/ecg/qrs';
import { referenceBeats } from '../../../helpers/wfdb-annotations';
import { ecgFixture } from './fixture-path';

const QRS = join(__dirname, '../../../fixtures/qrs');

function score(reference: number[], detected: number[], toleranceSamples: number) {
  let i = 0;
  let j = 0;
  let tp = 0;
  while (i < reference.length && j < detected.length) {
    const d = (detected[j] as number) - (reference[i] as number);
    if (Math.abs(d) <= toleranceSamples) {
      tp += 1;
      i += 1;
      j += 1;
    } else if (d < 0) j += 1;
    else i += 1;
  }
  return { sensitivity: tp / reference.length, ppv: tp / detected.length };
}

async function record(name: string) {
  const r = await readEcgFile(ecgFixture(name));
  const g = r.groups[0];
  if (!g) throw new Error('no group');
  return g;
}

describe('QRS detector on MIT-BIH reference annotations', () => {
  it('mitdb 208, lead MLII: sensitivity and positive predictivity above 99 % over all 2955 beats', async () => {
    const g = await record('wfdb/mitdb_208/208.hea');
    const ref = referenceBeats(join(QRS, '208.atr'));
    expect(ref).toHaveLength(2955);
    const s = score(ref, detectQrs(g.leads[0]?.samples ?? [], g.sampleRateHz), 0.15 * g.sampleRateHz);
    expect(s.sensitivity).toBeGreaterThan(0.99);
    expect(s.ppv).toBeGreaterThan(0.99);
  });

  it('svdb 800 at 128 Hz: both leads above 99 %', async () => {
    const g = await record('wfdb/svdb_800/800.hea');
    const ref = referenceBeats(join(QRS, '800.atr'));
    for (const lead of g.leads) {
      const s = score(ref, detectQrs(lead.samples, g.sampleRateHz), 0.15 * g.sampleRateHz);
      expect(s.sensitivity).toBeGreaterThan(0.99);
      expect(s.ppv).toBeGreaterThan(0.99);
    }
  });

  it('mitdb 208 on both leads together: V1 alone misses about half the beats, the multi-lead detection none of note', async () => {
    const g = await record('wfdb/mitdb_208/208.hea');
    const ref = referenceBeats(join(QRS, '208.atr'));
    const tol = 0.15 * g.sampleRateHz;
    // Why detection is multi-lead in the app: in V1 the normal beats are a fifth of the PVCs' size.
    expect(score(ref, detectQrs(g.leads[1]?.samples ?? [], g.sampleRateHz), tol).sensitivity).toBeLessThan(0.7);
    const m = detectQrsMultiLead(g.leads.map((l) => l.samples), g.sampleRateHz);
    const s = score(ref, m.beats, tol);
    expect(s.sensitivity).toBeGreaterThan(0.99);
    expect(s.ppv).toBeGreaterThan(0.99);
    for (const perLead of m.perLead) expect(score(ref, perLead, tol).sensitivity).toBeGreaterThan(0.99);
  });
});
