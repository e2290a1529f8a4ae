/**
 * QRS detection in the manner of Pan & Tompkins (IEEE Trans Biomed Eng 1985;32:230-236): band-pass, derivative,
 * squaring, moving-window integration, then adaptive signal/noise thresholds with search-back for missed beats
 * and T-wave rejection. Used to align two ECGs beat on beat (comparison with a prior); any sample rate >= 50 Hz.
 *
 * Where this differs from the paper, and why:
 * - The filters are centred (zero phase) boxcar cascades built from prefix sums instead of the paper's integer
 *   filters, which were designed for exactly 200 Hz; centring removes the paper's fixed delay, so the integrated
 *   peak already sits on the QRS and no delay has to be subtracted per sample rate.
 * - The beat's fiducial point is the largest absolute band-passed sample near the integrated peak (the R or S
 *   apex, whichever dominates the lead), the point a reader lines up by eye.
 * Scored against the MIT-BIH reference annotations in tests/integration/core/ecg/qrs.test.ts.
 */

/** Shortest RR interval the detector accepts (physiological refractory period), seconds. */
export const REFRACTORY_S = 0.2;
const T_WAVE_WINDOW_S = 0.36;
const INTEGRATION_S = 0.15;
const FIDUCIAL_HALF_WINDOW_S = 0.1;
const LEARNING_S = 2;
/** Lowest rate the detector is built for (the boxcars must hold at least a few samples). */
export const MIN_QRS_RATE_HZ = 50;

/** Centred moving average of odd width `w` (edges use the samples that exist). */
function movingAverage(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const half = w >> 1;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (x[i] as number);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n, i + half + 1);
    out[i] = ((prefix[b] as number) - (prefix[a] as number)) / (b - a);
  }
  return out;
}

const oddWidth = (seconds: number, fs: number) => Math.max(1, Math.round(seconds * fs)) | 1;

/**
 * The QRS band (about 5-15 Hz): two 25 ms boxcars (a triangle, low-pass near 18 Hz) minus a 200 ms boxcar of
 * that (high-pass near 5 Hz), all centred.
 */
export function qrsBand(samples: ArrayLike<number>, fs: number): Float64Array {
  const n = samples.length;
  const x = new Float64Array(n);
  let last = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i] as number;
    // Gaps (non-finite samples) hold the last value: a step would read as a QRS.
    if (Number.isFinite(v)) last = v;
    x[i] = last;
  }
  const short = oddWidth(0.025, fs);
  const lp = movingAverage(movingAverage(x, short), short);
  const base = movingAverage(lp, oddWidth(0.2, fs));
  for (let i = 0; i < n; i++) lp[i] = (lp[i] as number) - (base[i] as number);
  return lp;
}

/** Squared five-point derivative of the band-passed signal, integrated over a centred 150 ms window. */
function integrated(band: Float64Array, fs: number): Float64Array {
  const n = band.length;
  const sq = new Float64Array(n);
  const at = (i: number) => band[Math.min(n - 1, Math.max(0, i))] as number;
  for (let i = 0; i < n; i++) {
    const d = (2 * at(i + 1) + at(i + 2) - at(i - 2) - 2 * at(i - 1)) * (fs / 8);
    sq[i] = d * d;
  }
  return movingAverage(sq, oddWidth(INTEGRATION_S, fs));
}

/** Largest |band| within +/- FIDUCIAL_HALF_WINDOW_S of `i`, and the steepest slope there (for T-wave rejection). */
function fiducial(band: Float64Array, i: number, fs: number): { index: number; slope: number } {
  const h = Math.round(FIDUCIAL_HALF_WINDOW_S * fs);
  const a = Math.max(0, i - h);
  const b = Math.min(band.length - 1, i + h);
  let index = i;
  let best = -1;
  let slope = 0;
  for (let k = a; k <= b; k++) {
    const v = Math.abs(band[k] as number);
    if (v > best) {
      best = v;
      index = k;
    }
    if (k > a) slope = Math.max(slope, Math.abs((band[k] as number) - (band[k - 1] as number)));
  }
  return { index, slope };
}

/** Local maxima of the integrated signal at least `minGap` samples apart (the larger of two close ones wins). */
function candidatePeaks(mwi: Float64Array, minGap: number): number[] {
  const peaks: number[] = [];
  for (let i = 1; i + 1 < mwi.length; i++) {
    const v = mwi[i] as number;
    if (!(v > (mwi[i - 1] as number) && v >= (mwi[i + 1] as number))) continue;
    const prev = peaks[peaks.length - 1];
    if (prev !== undefined && i - prev < minGap) {
      if (v > (mwi[prev] as number)) peaks[peaks.length - 1] = i;
    } else peaks.push(i);
  }
  return peaks;
}

interface Levels {
  signal: number;
  noise: number;
}

const threshold1 = (l: Levels) => l.noise + 0.25 * (l.signal - l.noise);

/**
 * The paper's decision rules on an integrated envelope: adaptive signal and noise levels, search-back for a
 * missed beat after 1.66 mean RR, T-wave rejection within 360 ms. `shape` (>= 0) places each beat's fiducial
 * point (its largest value near the integrated peak) and gives the slope the T-wave rule compares.
 */
function decide(mwi: Float64Array, shape: Float64Array, fs: number): number[] {
  const refractory = Math.round(REFRACTORY_S * fs);
  const peaks = candidatePeaks(mwi, refractory);
  if (peaks.length === 0) return [];
  // Learning phase: levels from the first two seconds (the paper's initialisation).
  const learn = Math.min(mwi.length, Math.round(LEARNING_S * fs));
  let max = 0;
  let sum = 0;
  for (let i = 0; i < learn; i++) {
    max = Math.max(max, mwi[i] as number);
    sum += mwi[i] as number;
  }
  if (!(max > 0)) return [];
  const levels: Levels = { signal: 0.25 * max, noise: 0.5 * (sum / learn) };

  const beats: number[] = [];
  const slopes: number[] = [];
  const rr: number[] = [];
  const accept = (p: number, f: { index: number; slope: number }, searchBack: boolean) => {
    const prev = beats[beats.length - 1];
    if (prev !== undefined && f.index - prev < refractory) return false;
    const v = mwi[p] as number;
    levels.signal = searchBack ? 0.25 * v + 0.75 * levels.signal : 0.125 * v + 0.875 * levels.signal;
    if (prev !== undefined) {
      rr.push(f.index - prev);
      if (rr.length > 8) rr.shift();
    }
    beats.push(f.index);
    slopes.push(f.slope);
    return true;
  };
  let lastAccepted = -1;
  for (let j = 0; j < peaks.length; j++) {
    const p = peaks[j] as number;
    const prev = beats[beats.length - 1];
    // Search back: no beat for 1.66 mean RR, take the largest skipped peak above half the threshold.
    if (prev !== undefined && rr.length >= 2) {
      const mean = rr.reduce((s, x) => s + x, 0) / rr.length;
      if (p - prev > 1.66 * mean) {
        let best = -1;
        for (let k = lastAccepted + 1; k < j; k++) {
          const q = peaks[k] as number;
          if (q - prev >= refractory && (best < 0 || (mwi[q] as number) > (mwi[best] as number))) best = q;
        }
        if (best >= 0 && (mwi[best] as number) > 0.5 * threshold1(levels)) accept(best, fiducial(shape, best, fs), true);
      }
    }
    const v = mwi[p] as number;
    if (v > threshold1(levels)) {
      const last = beats[beats.length - 1];
      const f = fiducial(shape, p, fs);
      // T-wave check: a candidate soon after a beat with under half its slope is the T wave.
      if (last !== undefined && f.index - last < T_WAVE_WINDOW_S * fs && f.slope < 0.5 * (slopes[slopes.length - 1] as number)) {
        levels.noise = 0.125 * v + 0.875 * levels.noise;
      } else if (accept(p, f, false)) lastAccepted = j;
    } else levels.noise = 0.125 * v + 0.875 * levels.noise;
  }
  return beats;
}

const usable = (n: number, fs: number) => fs >= MIN_QRS_RATE_HZ && n >= fs / 2;

/**
 * Sample indices of the QRS complexes in one lead (microvolts or any unit: the thresholds adapt), ascending.
 * Returns [] for a signal shorter than half a second, a flat line, or a rate below MIN_QRS_RATE_HZ.
 */
export function detectQrs(samples: ArrayLike<number>, fs: number): number[] {
  if (!usable(samples.length, fs)) return [];
  const band = qrsBand(samples, fs);
  const shape = band.map(Math.abs);
  return decide(integrated(band, fs), shape, fs);
}

/** Beats found on all leads together, and each lead's own fiducial sample for each of them. */
export interface MultiLeadQrs {
  /** Sample index of each beat on the leads' combined envelope. */
  beats: number[];
  /** Per lead (input order): the lead's fiducial sample for each beat (its largest band-passed value near it). */
  perLead: number[][];
}

function meanSquare(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (x[i] as number);
  return s / Math.max(1, x.length);
}

/**
 * QRS detection on simultaneous leads, as 12-lead analysis programs do: each lead's integrated energy is
 * divided by its own mean energy and the leads are summed, so a beat small in one lead (mitdb 208's normal beats
 * in V1, a fifth of its ectopic beats' amplitude) is still carried by the leads where it is large. Flat or
 * missing leads (zero energy) are left out. Each lead then places its own fiducial within +/- 100 ms of each beat.
 */
export function detectQrsMultiLead(leads: readonly ArrayLike<number>[], fs: number): MultiLeadQrs {
  const n = leads.reduce((m, l) => Math.max(m, l.length), 0);
  if (!usable(n, fs)) return { beats: [], perLead: leads.map(() => []) };
  const bands = leads.map((l) => qrsBand(l, fs));
  const mwi = new Float64Array(n);
  const shape = new Float64Array(n);
  for (const band of bands) {
    const ms = meanSquare(band);
    if (!(ms > 0) || band.length !== n) continue;
    const e = integrated(band, fs);
    for (let i = 0; i < n; i++) {
      mwi[i] = (mwi[i] as number) + (e[i] as number) / ms;
      shape[i] = (shape[i] as number) + ((band[i] as number) * (band[i] as number)) / ms;
    }
  }
  const beats = decide(mwi, shape, fs);
  const perLead = bands.map((band) => {
    const magnitude = band.map(Math.abs);
    return beats.map((b) => fiducial(magnitude, b, fs).index);
  });
  return { beats, perLead };
}
