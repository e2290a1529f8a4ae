/**
 * Helpers for the vendor-format reader tests (HL7 aECG, GE MUSE, Philips Sierra, SCP-ECG): fixture
 * loading, per-lead statistics and a deliberately simple R-peak counter used as an independent check of
 * decoded timing and amplitude against the rate the device itself reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lead, WaveformGroup } from '../../../../src-main/core/ecg/record';

export const FIXTURES = join(__dirname, '../../../fixtures/ecg');

export function fixture(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, dir, name)));
}

export interface LeadStats {
  n: number;
  mean: number;
  rms: number;
  min: number;
  max: number;
}

export function stats(samples: Float32Array): LeadStats {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = samples.length;
  return { n, mean: sum / n, rms: Math.sqrt(sq / n), min, max };
}

export function lead(group: WaveformGroup | undefined, name: string): Lead {
  const found = group?.leads.find((l) => l.name === name);
  if (found === undefined) throw new Error(`lead ${name} missing`);
  return found;
}

/**
 * Counts QRS complexes in one lead: band-limited slope energy (5-sample first difference, squared), a
 * threshold at 30 % of its 99.5th percentile and a 250 ms refractory period. Crude, but independent of
 * every reader, so agreement with the device's own beat count or rate means timing and amplitude decoded
 * sensibly.
 */
export function countBeats(samples: Float32Array, rateHz: number, fromS = 0, toS = Infinity): number {
  const start = Math.max(5, Math.floor(fromS * rateHz));
  const end = Math.min(samples.length, Math.floor(toS * rateHz));
  const energy = new Float32Array(end - start);
  for (let i = start; i < end; i += 1) {
    const d = (samples[i] ?? 0) - (samples[i - 5] ?? 0);
    energy[i - start] = d * d;
  }
  const sorted = Float32Array.from(energy).sort();
  const threshold = 0.3 * (sorted[Math.floor(sorted.length * 0.995)] ?? 0);
  const refractory = Math.round(0.25 * rateHz);
  let count = 0;
  let last = -Infinity;
  for (let i = 0; i < energy.length; i += 1) {
    if ((energy[i] ?? 0) > threshold && i - last > refractory) {
      count += 1;
      last = i;
    }
  }
  return count;
}

/** Beats per minute from a beat count over a duration. */
export function rateFromCount(count: number, seconds: number): number {
  return (count * 60) / seconds;
}
