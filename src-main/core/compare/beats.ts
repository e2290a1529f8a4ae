/**
 * The detected QRS complexes of an ECG's rhythm group, per lead, in seconds: what the comparison view needs to
 * line a prior ECG up on the current one beat on beat.
 */
import type { EcgRecord } from '../ecg/record';
import { rhythmGroup } from '../ecg/record';
import { detectQrsMultiLead } from '../ecg/qrs';
import { CoreError } from '../errors';

export interface EcgBeats {
  sampleRateHz: number;
  /** Beats on all leads together, seconds from the group's start. */
  beatsS: number[];
  /** Each lead's own fiducial time of each beat, seconds (lead names as in the record). */
  leads: { name: string; qrsS: number[] }[];
}

/** Beats of the rhythm group (NO_WAVEFORM when the record has only a median beat). */
export function ecgBeats(record: EcgRecord): EcgBeats {
  const g = rhythmGroup(record);
  if (!g || g.kind !== 'rhythm') throw new CoreError('NO_WAVEFORM', 'This ECG has no rhythm strip to find beats in.');
  const fs = g.sampleRateHz;
  const m = detectQrsMultiLead(g.leads.map((l) => l.samples), fs);
  const toS = (i: number) => Math.round((i / fs) * 1e4) / 1e4;
  return {
    sampleRateHz: fs,
    beatsS: m.beats.map(toS),
    leads: g.leads.map((l, i) => ({ name: l.name, qrsS: (m.perLead[i] ?? []).map(toS) })),
  };
}
