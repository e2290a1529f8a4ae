/** Minimal complex arithmetic for filter design (a handful of poles, so clarity beats speed). */
export interface Complex {
  re: number;
  im: number;
}

export const cx = (re: number, im = 0): Complex => ({ re, im });
export const cadd = (a: Complex, b: Complex): Complex => cx(a.re + b.re, a.im + b.im);
export const csub = (a: Complex, b: Complex): Complex => cx(a.re - b.re, a.im - b.im);
export const cmul = (a: Complex, b: Complex): Complex => cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const cscale = (a: Complex, s: number): Complex => cx(a.re * s, a.im * s);
export const conj = (a: Complex): Complex => cx(a.re, -a.im);
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);

/** Complex division (Smith's algorithm, as C99 / numpy do, to avoid overflow). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return cx((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return cx((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}

/** Principal square root (branch cut on the negative real axis), as csqrt. */
export function csqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return cx(0, a.im);
  const t = Math.sqrt((Math.abs(a.re) + cabs(a)) / 2);
  if (a.re >= 0) return cx(t, a.im / (2 * t));
  return cx(Math.abs(a.im) / (2 * t), a.im < 0 ? -t : t);
}
