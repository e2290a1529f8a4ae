/**
 * Physical plausibility of a decoded record. A reader decodes exactly what a header says, and a damaged header
 * can say 1e-9 Hz, a gain of 1e9 or a week of samples: such values are refused here with a code, or the lead is
 * marked unusable with a warning, so an absurd ECG is never shown (or scored) as if it were normal.
 */
import { CoreError } from '../errors';
import type { Lead, WaveformGroup } from './record';

/** Below 25 Hz no ECG morphology survives; no ECG device samples above 20 kHz (pacemaker-spike capture included). */
export const MIN_SAMPLE_RATE_HZ = 25;
export const MAX_SAMPLE_RATE_HZ = 20_000;
/**
 * Largest |amplitude| (microvolts, after the file's scaling) a body-surface ECG can show. Real ECGs stay below
 * ~10 mV (QRS plus baseline offset); 50 mV leaves room for electrode offsets and still refuses a scaling damaged
 * by orders of magnitude.
 */
export const MAX_AMPLITUDE_UV = 50_000;
/**
 * Longest recording read. Longer ones (multi-day Holter exports, or a damaged length) are cut to their first
 * 24 h with a warning rather than refused: the start of a long recording is still a valid ECG, and the sample
 * budget of limits.ts has already bounded the memory the decoding took.
 */
export const MAX_DURATION_S = 24 * 3600;

/** IMPLAUSIBLE_SAMPLE_RATE unless the group's rate lies within 25-20,000 Hz. */
export function checkSampleRate(group: WaveformGroup): void {
  const fs = group.sampleRateHz;
  if (fs < MIN_SAMPLE_RATE_HZ || fs > MAX_SAMPLE_RATE_HZ) {
    throw new CoreError(
      'IMPLAUSIBLE_SAMPLE_RATE',
      `The file states a sample rate of ${Number(fs.toPrecision(4))} Hz for its ${group.kind} waveform, outside the ` +
        `${MIN_SAMPLE_RATE_HZ}-${MAX_SAMPLE_RATE_HZ} Hz any ECG uses: its header is damaged.`,
    );
  }
}

/** Cuts a group longer than 24 h to its first 24 h (a copy, so the rest can be freed), with a warning. */
export function limitDuration(group: WaveformGroup, warnings: string[]): WaveformGroup {
  const keep = Math.floor(MAX_DURATION_S * group.sampleRateHz);
  const longest = group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0);
  if (longest <= keep) return group;
  const hours = (longest / group.sampleRateHz / 3600).toFixed(1);
  warnings.push(`The ${group.kind} recording lasts ${hours} h; only its first ${MAX_DURATION_S / 3600} h are read.`);
  return { ...group, leads: group.leads.map((l) => (l.samples.length > keep ? { ...l, samples: l.samples.slice(0, keep) } : l)) };
}

/** Why a lead's samples are unusable (non-finite or beyond 50 mV), or undefined when they are plausible. */
export function implausibleReason(samples: Float32Array): string | undefined {
  let worst = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    // One comparison catches NaN (every comparison false) and both infinities.
    if (!(v <= MAX_AMPLITUDE_UV && v >= -MAX_AMPLITUDE_UV)) {
      if (!Number.isFinite(v)) return 'it holds samples that are not numbers';
      worst = Math.max(worst, Math.abs(v));
    }
  }
  if (worst === 0) return undefined;
  return `its amplitude reaches ${formatMv(worst)}, beyond the ±${MAX_AMPLITUDE_UV / 1000} mV any ECG shows (damaged scaling)`;
}

function formatMv(uv: number): string {
  const mv = uv / 1000;
  return mv < 1e6 ? `${Math.round(mv)} mV` : `${mv.toExponential(1)} mV`;
}

/**
 * Marks every lead with implausible samples unusable: its samples become NaN (never drawn, never scored, and
 * never mistaken for a flat line) and the record gets a warning naming it. Returns the group unchanged when
 * every lead is plausible.
 */
export function markImplausibleLeads(group: WaveformGroup, warnings: string[]): WaveformGroup {
  let changed = false;
  const leads = group.leads.map((lead): Lead => {
    if (lead.unusable !== undefined) return lead;
    const reason = implausibleReason(lead.samples);
    if (reason === undefined) return lead;
    changed = true;
    const where = group.kind === 'rhythm' ? '' : ` (${group.kind} beat)`;
    warnings.push(`Lead ${lead.name}${where} is unusable: ${reason}. It is not drawn and the model does not run on it.`);
    return { ...lead, samples: new Float32Array(lead.samples.length).fill(Number.NaN), unusable: reason };
  });
  return changed ? { ...group, leads } : group;
}

/** True when no lead of the group can be shown. */
export function allLeadsUnusable(group: WaveformGroup): boolean {
  return group.leads.every((l) => l.unusable !== undefined);
}

/** The refusal when the main (rhythm) waveform has no plausible lead at all. */
export function implausibleRecord(group: WaveformGroup): CoreError {
  const reason = group.leads[0]?.unusable ?? 'its samples are implausible';
  return new CoreError(
    'IMPLAUSIBLE_SIGNAL',
    `No lead of this ECG holds a plausible signal (for example lead ${group.leads[0]?.name ?? '?'}: ${reason}): the file is damaged.`,
  );
}
