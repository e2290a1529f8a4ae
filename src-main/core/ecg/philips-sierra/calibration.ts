/**
 * PageWriter rhythm data ends with the device's calibration marker: after the ECG, every lead goes to
 * exactly 0, then shows a 1 mV square pulse, then 0 again. It is not ECG (a model or a caliper would read
 * it as a giant complex), so it is cut off and the cut is reported.
 */
import type { Lead } from '../record';

const PULSE_UV = 1000;
/** Shortest pulse accepted as the marker (samples); PageWriters write 100 at 500 Hz. */
const MIN_PULSE = 20;

function allEqual(leads: Lead[], i: number, value: number): boolean {
  return leads.every((l) => l.samples[i] === value);
}

/** Index where the trailing calibration segment starts, or undefined when there is none. */
export function calibrationStart(leads: Lead[]): number | undefined {
  const n = Math.min(...leads.map((l) => l.samples.length));
  if (leads.length === 0 || !Number.isFinite(n) || n < MIN_PULSE * 4) return undefined;
  // Search the last quarter for a run where every lead is exactly +1 mV.
  let run = 0;
  let pulseStart: number | undefined;
  for (let i = Math.floor(n * 0.75); i < n; i += 1) {
    if (allEqual(leads, i, PULSE_UV)) {
      run += 1;
      if (run >= MIN_PULSE) {
        pulseStart = i - run + 1;
        break;
      }
    } else run = 0;
  }
  if (pulseStart === undefined) return undefined;
  // The marker begins where all leads drop to exactly zero before the pulse.
  let start = pulseStart;
  while (start > 0 && allEqual(leads, start - 1, 0)) start -= 1;
  // Nothing but zeros before the marker: there is no ECG to keep apart from it, so leave the data as is.
  return start === 0 ? undefined : start;
}

/** Cuts the trailing calibration marker off every lead; returns the seconds removed (0 when none). */
export function trimCalibration(leads: Lead[], sampleRateHz: number): number {
  const start = calibrationStart(leads);
  if (start === undefined) return 0;
  const n = Math.max(...leads.map((l) => l.samples.length));
  for (const lead of leads) lead.samples = lead.samples.slice(0, start);
  return (n - start) / sampleRateHz;
}
