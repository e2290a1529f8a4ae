import { type Complex, cabs, cadd, cdiv, cmul, conj, cscale, csqrt, csub, cx } from './complex';

/**
 * Butterworth band-pass design in second-order sections, reproducing
 * scipy.signal.butter(N, [lowHz, highHz] / (fs / 2), 'band', output='sos') step by step:
 * analog prototype (buttap) -> prewarp -> lp2bp_zpk -> bilinear_zpk (fs = 2) -> zpk2sos(pairing='nearest').
 * Rows are [b0, b1, b2, a0, a1, a2] with a0 = 1, flattened into one Float64Array (sections x 6).
 */
export function butterBandpassSos(order: number, lowHz: number, highHz: number, fs: number): Float64Array {
  const nyq = fs / 2;
  const wn = [lowHz / nyq, highHz / nyq] as const;
  if (!(wn[0] > 0 && wn[1] < 1 && wn[0] < wn[1])) {
    throw new RangeError(`band-pass ${lowHz}-${highHz} Hz is not realisable at ${fs} Hz`);
  }
  // buttap: poles on the unit circle's left half, gain 1, no zeros.
  const proto: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    proto.push(cx(-Math.cos(theta), -Math.sin(theta)));
  }
  // Prewarp with scipy's internal fs = 2.
  const warped = wn.map((w) => 4 * Math.tan((Math.PI * w) / 2)) as [number, number];
  const bw = warped[1] - warped[0];
  const wo = Math.sqrt(warped[0] * warped[1]);
  // lp2bp_zpk
  const plp = proto.map((p) => cscale(p, bw / 2));
  const wo2 = cx(wo * wo);
  const pbp = [
    ...plp.map((p) => cadd(p, csqrt(csub(cmul(p, p), wo2)))),
    ...plp.map((p) => csub(p, csqrt(csub(cmul(p, p), wo2)))),
  ];
  const zbp: Complex[] = proto.map(() => cx(0));
  const kbp = bw ** order;
  // bilinear_zpk with fs = 2 (fs2 = 4); the order zeros at infinity move to -1.
  const fs2 = cx(4);
  const zz = [...zbp.map((z) => cdiv(cadd(fs2, z), csub(fs2, z))), ...proto.map(() => cx(-1))];
  const pz = pbp.map((p) => cdiv(cadd(fs2, p), csub(fs2, p)));
  let num = cx(1);
  for (const z of zbp) num = cmul(num, csub(fs2, z));
  let den = cx(1);
  for (const p of pbp) den = cmul(den, csub(fs2, p));
  const k = kbp * cdiv(num, den).re;
  return zpk2sosNearest(zz, pz, k);
}

const EPS = 2.220446049250313e-16;
const isReal = (z: Complex): boolean => z.im === 0;

/** scipy's _cplxreal: one member (positive imaginary) of each conjugate pair, then the reals; both sorted. */
function cplxreal(values: Complex[]): Complex[] {
  const tol = 100 * EPS;
  const z = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals = z.filter((v) => Math.abs(v.im) <= tol * cabs(v)).map((v) => cx(v.re));
  const rest = z.filter((v) => Math.abs(v.im) > tol * cabs(v));
  const zp = rest.filter((v) => v.im > 0);
  const zn = rest.filter((v) => v.im < 0);
  if (zp.length !== zn.length) throw new RangeError('complex value without a matching conjugate');
  // Runs of (almost) equal real part are ordered by |imag|.
  const sortRuns = (arr: Complex[]): void => {
    let start = 0;
    for (let i = 1; i <= arr.length; i++) {
      const prev = arr[i - 1] as Complex;
      const cur = arr[i];
      if (cur === undefined || !(cur.re - prev.re <= tol * cabs(prev))) {
        const run = arr.slice(start, i).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
        arr.splice(start, run.length, ...run);
        start = i;
      }
    }
  };
  sortRuns(zp);
  sortRuns(zn);
  const zc = zp.map((p, i) => cscale(cadd(p, conj(zn[i] as Complex)), 0.5));
  return [...zc, ...reals];
}

function nearestIdx(from: Complex[], to: Complex, which: 'real' | 'any'): number {
  let best = -1;
  let bestD = Infinity;
  from.forEach((z, i) => {
    if (which === 'real' && !isReal(z)) return;
    const d = cabs(csub(z, to));
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  if (best < 0) throw new RangeError('no zero left to pair');
  return best;
}

/** poly() of up to two roots, real part (conjugate pairs and real pairs give real coefficients). */
function poly2(roots: Complex[]): [number, number, number] {
  if (roots.length === 0) return [0, 0, 1];
  if (roots.length === 1) return [0, 1, -(roots[0] as Complex).re];
  const [r1, r2] = roots as [Complex, Complex];
  const c1 = cadd(cscale(r2, -1), cscale(r1, -1));
  return [1, c1.re, cmul(r1, r2).re];
}

/** zpk2sos with pairing 'nearest' for a digital filter (scipy's algorithm, general for complex poles). */
function zpk2sosNearest(zIn: Complex[], pIn: Complex[], k: number): Float64Array {
  let p = [...pIn, ...Array.from({ length: Math.max(zIn.length - pIn.length, 0) }, () => cx(0))];
  let z = [...zIn, ...Array.from({ length: Math.max(pIn.length - zIn.length, 0) }, () => cx(0))];
  const nSections = Math.floor((Math.max(p.length, z.length) + 1) / 2);
  if (p.length % 2 === 1) {
    p.push(cx(0));
    z.push(cx(0));
  }
  z = cplxreal(z);
  p = cplxreal(p);
  const worst = (arr: Complex[]): number => {
    let best = 0;
    let bestD = Infinity;
    arr.forEach((v, i) => {
      const d = Math.abs(1 - cabs(v));
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  };
  const take = (arr: Complex[], i: number): Complex => arr.splice(i, 1)[0] as Complex;
  const sos = new Float64Array(nSections * 6);
  const put = (si: number, zs: Complex[], ps: Complex[]): void => {
    sos.set([...poly2(zs), ...poly2(ps)], si * 6);
  };
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worst(p));
    if (isReal(p1) && p.every((v) => !isReal(v))) {
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      put(si, [z1, cx(0)], [p1, cx(0)]);
    } else if (
      p.length + 1 === z.length &&
      !isReal(p1) &&
      p.filter(isReal).length === 1 &&
      z.filter(isReal).length === 1
    ) {
      let zi = -1;
      let bestD = Infinity;
      z.forEach((v, i) => {
        const d = cabs(csub(v, p1));
        if (!isReal(v) && d < bestD) {
          bestD = d;
          zi = i;
        }
      });
      const z1 = take(z, zi);
      put(si, [z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        const w = realIdx[worst(realIdx.map((i) => p[i] as Complex))] as number;
        p2 = take(p, w);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) put(si, [z1, conj(z1)], [p1, p2]);
        else if (z.length > 0) put(si, [z1, take(z, nearestIdx(z, p1, 'real'))], [p1, p2]);
        else put(si, [z1], [p1, p2]);
      } else {
        put(si, [], [p1, p2]);
      }
    }
  }
  for (let j = 0; j < 3; j++) sos[j] = (sos[j] as number) * k;
  return sos;
}
