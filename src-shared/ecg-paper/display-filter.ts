/**
 * Display filters of the drawn signal, on screen and on paper alike (the model is fed by main from the file,
 * never through these). One module for both, so the printed copy shows exactly what the canvas shows.
 * RBJ biquads run forward and backward (zero phase, so filtering never shifts a wave in time), with
 * odd-reflection padding at both ends to keep the start-up transient off the visible trace. A lead with gaps
 * (DICOM padding: no data) is filtered one data segment at a time, so no filter ever runs across a gap or a
 * beat's edge, and the gaps come back as NaN, which the trace draws as a break in the line.
 */

export type BandFilter = 'none' | 'diagnostic' | 'monitoring';
export type NotchFilter = 0 | 50 | 60;

export interface DisplayFilter {
  band: BandFilter;
  notchHz: NotchFilter;
}

export const NO_FILTER: DisplayFilter = { band: 'none', notchHz: 0 };

/** Pass bands of the named filters, Hz. */
export const BANDS: Record<Exclude<BandFilter, 'none'>, { highPassHz: number; lowPassHz: number }> = {
  diagnostic: { highPassHz: 0.05, lowPassHz: 150 },
  monitoring: { highPassHz: 0.5, lowPassHz: 40 },
};

/** Footer text for the active filter, e.g. "0.05-150 Hz + 50 Hz notch" or "unfiltered". */
export function filterLabel(filter: DisplayFilter): string {
  const parts: string[] = [];
  if (filter.band !== 'none') {
    const b = BANDS[filter.band];
    parts.push(`${b.highPassHz}-${b.lowPassHz} Hz`);
  }
  if (filter.notchHz) parts.push(`${filter.notchHz} Hz notch`);
  return parts.length ? parts.join(' + ') : 'unfiltered';
}

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function biquad(type: 'lowpass' | 'highpass' | 'notch', f0: number, fs: number, q: number): Biquad {
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  let b0: number, b1: number, b2: number;
  switch (type) {
    case 'lowpass':
      b0 = (1 - cos) / 2;
      b1 = 1 - cos;
      b2 = (1 - cos) / 2;
      break;
    case 'highpass':
      b0 = (1 + cos) / 2;
      b1 = -(1 + cos);
      b2 = (1 + cos) / 2;
      break;
    case 'notch':
      b0 = 1;
      b1 = -2 * cos;
      b2 = 1;
      break;
    default: {
      const never: never = type;
      throw new Error(`unknown filter ${String(never)}`);
    }
  }
  const a0 = 1 + alpha;
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** One pass of a biquad in place (direct form II transposed), starting from the steady state of x[0]. */
function runBiquad(x: Float64Array, f: Biquad): void {
  const dcGain = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
  const x0 = x[0] ?? 0;
  const y0 = x0 * dcGain;
  // Steady-state initial conditions: a DC offset at the start does not ring.
  let z1 = y0 - f.b0 * x0;
  let z2 = f.b2 * x0 - f.a2 * y0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const yi = f.b0 * xi + z1;
    z1 = f.b1 * xi - f.a1 * yi + z2;
    z2 = f.b2 * xi - f.a2 * yi;
    x[i] = yi;
  }
}

function filtfilt(x: Float64Array, f: Biquad): void {
  runBiquad(x, f);
  x.reverse();
  runBiquad(x, f);
  x.reverse();
}

/** The biquad sections a filter choice needs at a sample rate (cutoffs at or above Nyquist are skipped). */
function sections(filter: DisplayFilter, fs: number): Biquad[] {
  const nyq = fs / 2;
  const out: Biquad[] = [];
  if (filter.band !== 'none') {
    const b = BANDS[filter.band];
    // Forward-backward doubles the order: a Q of 1/sqrt(2) per pass gives a -6 dB point at the cutoff.
    out.push(biquad('highpass', b.highPassHz, fs, Math.SQRT1_2));
    if (b.lowPassHz < nyq * 0.95) out.push(biquad('lowpass', b.lowPassHz, fs, Math.SQRT1_2));
  }
  if (filter.notchHz && filter.notchHz < nyq * 0.95) out.push(biquad('notch', filter.notchHz, fs, 30));
  return out;
}

/** Filters one contiguous run of data in place (odd-reflection padding up to 2 s at both ends). */
function filterSegment(x: Float32Array, secs: Biquad[], sampleRateHz: number): void {
  const n = x.length;
  if (n < 3) return;
  const pad = Math.min(n - 1, Math.round(sampleRateHz * 2));
  const buf = new Float64Array(n + 2 * pad);
  const first = x[0] as number;
  const last = x[n - 1] as number;
  for (let i = 0; i < pad; i++) buf[i] = 2 * first - (x[pad - i] as number);
  for (let i = 0; i < n; i++) buf[pad + i] = x[i] as number;
  for (let i = 0; i < pad; i++) buf[pad + n + i] = 2 * last - (x[n - 2 - i] as number);
  for (const s of secs) filtfilt(buf, s);
  for (let i = 0; i < n; i++) x[i] = buf[pad + i] as number;
}

/** Index ranges [start, end) that hold data: the complement of the (sorted, disjoint) gaps within [0, n). */
export function dataSegments(n: number, gaps: readonly (readonly [number, number])[] = []): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const [a, b] of gaps) {
    const s = Math.max(at, Math.min(n, a));
    if (s > at) out.push([at, s]);
    at = Math.max(at, Math.min(n, b));
  }
  if (at < n) out.push([at, n]);
  return out;
}

/**
 * Returns a filtered copy of `samples` (never modifies the input). With no filter and no gaps the input is
 * returned as is. `gaps` (sample ranges without data) are NaN in the copy and split the filtering.
 */
export function applyDisplayFilter(
  samples: Float32Array,
  sampleRateHz: number,
  filter: DisplayFilter,
  gaps?: readonly (readonly [number, number])[],
): Float32Array {
  const secs = sections(filter, sampleRateHz);
  const hasGaps = gaps !== undefined && gaps.length > 0;
  if ((secs.length === 0 || samples.length < 3) && !hasGaps) return samples;
  const out = hasGaps ? new Float32Array(samples.length).fill(Number.NaN) : new Float32Array(samples);
  for (const [a, b] of dataSegments(samples.length, gaps)) {
    const segment = out.subarray(a, b);
    if (hasGaps) segment.set(samples.subarray(a, b));
    if (secs.length > 0) filterSegment(segment, secs, sampleRateHz);
  }
  return out;
}
