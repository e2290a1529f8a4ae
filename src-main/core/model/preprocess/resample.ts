/**
 * Polyphase resampling reproducing scipy.signal.resample_poly(x, up, down, window=('kaiser', beta),
 * padtype='median'): firwin(2 * 10 * max(up, down) + 1, 1 / max(up, down)) with a Kaiser window, gain `up`,
 * scipy's pre/post padding of the filter and removal of its delay, and the median of each signal subtracted
 * before and added back after filtering (that is what padtype='median' means for a zero-padded upfirdn).
 */

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** (up, down) from an integer source rate to the target rate, reduced by their gcd. */
export function resampleFactors(sourceHz: number, targetHz: number): { up: number; down: number } {
  if (!Number.isInteger(sourceHz) || sourceHz <= 0) throw new RangeError('source rate must be a positive integer');
  const g = gcd(targetHz, sourceHz);
  return { up: targetHz / g, down: sourceHz / g };
}

/** Modified Bessel function of the first kind, order 0 (power series; exact to double precision for |x| <= 50). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** scipy.signal.windows.kaiser(M, beta, sym=True). */
export function kaiserWindow(m: number, beta: number): Float64Array {
  const w = new Float64Array(m);
  const alpha = (m - 1) / 2;
  const denom = besselI0(beta);
  for (let n = 0; n < m; n++) {
    const r = (n - alpha) / alpha;
    w[n] = besselI0(beta * Math.sqrt(1 - r * r)) / denom;
  }
  return w;
}

const sinc = (x: number): number => {
  const y = Math.PI * (x === 0 ? 1e-20 : x);
  return Math.sin(y) / y;
};

/** scipy.signal.firwin(numtaps, cutoff, window=('kaiser', beta)) low-pass with unit DC gain (fs = 2). */
export function firwinKaiserLowpass(numtaps: number, cutoff: number, beta: number): Float64Array {
  const alpha = 0.5 * (numtaps - 1);
  const win = kaiserWindow(numtaps, beta);
  const h = new Float64Array(numtaps);
  let s = 0;
  for (let i = 0; i < numtaps; i++) {
    h[i] = cutoff * sinc(cutoff * (i - alpha)) * (win[i] as number);
    s += h[i] as number;
  }
  for (let i = 0; i < numtaps; i++) h[i] = (h[i] as number) / s;
  return h;
}

const outputLen = (lenH: number, nIn: number, up: number, down: number): number =>
  Math.floor(((nIn - 1) * up + lenH - 1) / down) + 1;

/** Filter and index bookkeeping for one (up, down, nIn), reusable across the leads of a record. */
export interface ResamplePlan {
  up: number;
  down: number;
  nIn: number;
  nOut: number;
  /** Zero-padded, gain-`up` filter. */
  h: Float64Array;
  preRemove: number;
}

const filterCache = new Map<string, Float64Array>();

export function planResample(up: number, down: number, nIn: number, beta: number): ResamplePlan {
  const g = gcd(up, down);
  up /= g;
  down /= g;
  const nOut = Math.ceil((nIn * up) / down);
  const maxRate = Math.max(up, down);
  const halfLen = 10 * maxRate;
  const key = `${up}/${down}/${beta}`;
  let base = filterCache.get(key);
  if (!base) {
    base = firwinKaiserLowpass(2 * halfLen + 1, 1 / maxRate, beta);
    for (let i = 0; i < base.length; i++) base[i] = (base[i] as number) * up;
    if (filterCache.size > 32) filterCache.clear();
    filterCache.set(key, base);
  }
  const nPrePad = down - (halfLen % down);
  const preRemove = Math.floor((halfLen + nPrePad) / down);
  let nPostPad = 0;
  while (outputLen(base.length + nPrePad + nPostPad, nIn, up, down) < nOut + preRemove) nPostPad++;
  const h = new Float64Array(nPrePad + base.length + nPostPad);
  h.set(base, nPrePad);
  return { up, down, nIn, nOut, h, preRemove };
}

/** k-th smallest value (0-based) of a scratch array, by quickselect (reorders `a`). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** numpy.median of a signal (mean of the two middle values for even lengths), in linear time. */
export function median(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(x as ArrayLike<number>);
  const mid = n >> 1;
  const upper = select(s, mid);
  if (n % 2 === 1) return upper;
  // After selecting `mid`, everything below index mid is <= upper: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if ((s[i] as number) > lower) lower = s[i] as number;
  return (lower + upper) / 2;
}

/** resample_poly(x, up, down, window=('kaiser', beta), padtype='median') of one signal. */
export function resamplePolyMedian(x: ArrayLike<number>, plan: ResamplePlan): Float64Array {
  const { up, down, nIn, nOut, h, preRemove } = plan;
  if (up === 1 && down === 1) return Float64Array.from(x as ArrayLike<number>);
  const bg = median(x);
  const xc = new Float64Array(nIn);
  for (let k = 0; k < nIn; k++) xc[k] = (x[k] as number) - bg;
  const y = new Float64Array(nOut);
  const lenH = h.length;
  for (let o = 0; o < nOut; o++) {
    // upfirdn output t = sum_k h[t*down - k*up] * x[k], over the valid k.
    const t = (o + preRemove) * down;
    const kMax = Math.min(nIn - 1, Math.floor(t / up));
    const kMin = Math.max(0, Math.ceil((t - lenH + 1) / up));
    let acc = 0;
    for (let k = kMin, j = t - kMin * up; k <= kMax; k++, j -= up) acc += (h[j] as number) * (xc[k] as number);
    y[o] = acc + bg;
  }
  return y;
}
