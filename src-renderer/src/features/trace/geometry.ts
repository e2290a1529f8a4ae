/**
 * ECG paper geometry: pure maths from paper units (mm, mm/s, mm/mV) to screen pixels and back.
 * No DOM here so the unit suite can check every number (a viewer that hard-coded 25 mm/s once shipped).
 */
import { CAL_PULSE_MV, CAL_PULSE_S } from '../../../../src-shared/ecg-paper/lead-rows';

/** Paper speeds offered, mm per second. */
export const PAPER_SPEEDS = [12.5, 25, 50] as const;
export type PaperSpeed = (typeof PAPER_SPEEDS)[number];

/** Gains offered, mm per millivolt. */
export const GAINS = [5, 10, 20] as const;
export type Gain = (typeof GAINS)[number];

/** CSS reference pixel density (96 dpi): what an uncalibrated screen is assumed to have. */
export const CSS_PX_PER_MM = 96 / 25.4;

/** Converts millimetres of paper to CSS pixels. */
export function mmToPx(mm: number, pxPerMm: number): number {
  return mm * pxPerMm;
}

/** Converts CSS pixels to millimetres of paper. */
export function pxToMm(px: number, pxPerMm: number): number {
  return px / pxPerMm;
}

/** Pixels per second of signal: paper speed (mm/s) times the screen's pixels per mm. */
export function pxPerSecond(speedMmPerS: number, pxPerMm: number): number {
  return speedMmPerS * pxPerMm;
}

/** Pixels per millivolt: gain (mm/mV) times the screen's pixels per mm. */
export function pxPerMv(gainMmPerMv: number, pxPerMm: number): number {
  return gainMmPerMv * pxPerMm;
}

/** Pixel size of the 1 mV x 0.2 s calibration pulse at the given speed, gain and density. */
export function calibrationPulsePx(
  speedMmPerS: number,
  gainMmPerMv: number,
  pxPerMm: number,
): { widthPx: number; heightPx: number } {
  return {
    widthPx: CAL_PULSE_S * speedMmPerS * pxPerMm,
    heightPx: CAL_PULSE_MV * gainMmPerMv * pxPerMm,
  };
}

/**
 * Effective paper speed and gain as they appear on this screen: what a ruler held to the glass would read.
 * `screenPxPerMm` is the calibrated density (or the CSS reference when the screen was never calibrated).
 */
export function effectiveScale(
  speedMmPerS: number,
  gainMmPerMv: number,
  renderPxPerMm: number,
  screenPxPerMm: number,
): { mmPerS: number; mmPerMv: number } {
  const ratio = renderPxPerMm / screenPxPerMm;
  return { mmPerS: speedMmPerS * ratio, mmPerMv: gainMmPerMv * ratio };
}

/** Screen density from a ruler calibration: the user stretched a bar to `knownMm` and it measured `barPx`. */
export function pxPerMmFromRuler(barPx: number, knownMm: number): number {
  if (!(barPx > 0) || !(knownMm > 0)) throw new RangeError('ruler calibration needs positive lengths');
  return barPx / knownMm;
}

/** Caliper readout between two points on one trace. */
export interface CaliperReading {
  /** Interval in milliseconds (absolute). */
  ms: number;
  /** Amplitude difference in millivolts (second minus first). */
  mV: number;
  /** Rate implied by the interval as an R-R interval; null when the interval is zero. */
  bpm: number | null;
}

/** Caliper maths from a pixel span, using the current speed and gain (never an assumed 25 mm/s). */
export function caliperFromPx(
  dxPx: number,
  dyPx: number,
  speedMmPerS: number,
  gainMmPerMv: number,
  pxPerMm: number,
): CaliperReading {
  const seconds = Math.abs(dxPx) / pxPerSecond(speedMmPerS, pxPerMm);
  // Screen y grows downwards; a trace going up is a positive voltage.
  const mV = -dyPx / pxPerMv(gainMmPerMv, pxPerMm);
  return caliperFromSignal(seconds, mV);
}

/** Caliper maths from a time span in seconds and a voltage difference in mV. */
export function caliperFromSignal(seconds: number, mV: number): CaliperReading {
  const ms = Math.abs(seconds) * 1000;
  return { ms, mV, bpm: ms > 0 ? 60_000 / ms : null };
}

/** Samples per on-screen pixel column: above 1 the trace is drawn min/max decimated. */
export function samplesPerPixel(sampleRateHz: number, speedMmPerS: number, pxPerMm: number): number {
  return sampleRateHz / pxPerSecond(speedMmPerS, pxPerMm);
}

/** Clamps a value into [lo, hi]. */
export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
