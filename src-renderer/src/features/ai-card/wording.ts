/**
 * How the card words the model's output for a clinician: the finding and its probability in one phrase
 * ("LVEF < 40 %: probability 17 %"), estimates with their interval ("LVEF 62 % (90 % interval 42-82 %)"), the
 * call as a question answered ("below 40 %: no"), ordinals, and what "high" uncertainty means. No head ids,
 * method names or statistics jargon. Pure, so the unit suite checks every phrase.
 */
import type { HeadView } from './prediction-view';

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd ... of a rounded number. */
export function ordinal(n: number): string {
  const k = Math.round(n);
  const mod100 = Math.abs(k) % 100;
  const mod10 = Math.abs(k) % 10;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : mod10 === 1 ? 'st' : mod10 === 2 ? 'nd' : mod10 === 3 ? 'rd' : 'th';
  return `${k}${suffix}`;
}

/** A probability (0..1) as a whole percentage; "< 1 %" and "> 99 %" rather than a false 0 % or 100 %. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p < 0.005) return '< 1 %';
  if (p > 0.995) return '> 99 %';
  return `${Math.round(p * 100)} %`;
}

/** A value in its unit: whole numbers from 10 up, one decimal below ("62 %", "117 mL", "4.5 cm"). */
export function valueWithUnit(v: number, unit: string | undefined): string {
  if (!Number.isFinite(v)) return 'n/a';
  const text = Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1);
  return unit ? `${text} ${unit}` : text;
}

/** The measured quantity of a regression head: its label without the method in brackets ("LVEF"). */
export function quantityOf(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '').trim() || label;
}

/** How a regression head's estimate was made, in a few words ("from similar echo studies"); null for a classifier. */
export function shortMethodOf(kind: HeadView['kind'], library?: HeadView['library']): string | null {
  if (kind === 'prompt-regression') return 'from echo report phrases';
  if (kind === 'knn') return library === 'site' ? "from similar ECGs of this site" : 'from similar echo studies';
  if (kind === 'linear') return "from this site's labelled ECGs";
  return null;
}

/** How a head's estimate was made, in plain words (shown small under it); null for a classifier. */
export function methodOf(kind: HeadView['kind'], library?: HeadView['library']): string | null {
  switch (kind) {
    case 'logistic':
      return null;
    case 'prompt-regression':
      return 'estimated by matching the ECG with echo report phrases';
    case 'knn':
      return library === 'site' ? "estimated from the most similar labelled ECGs of this site" : 'estimated from the most similar echo studies';
    case 'linear':
      return "estimated by a head fitted on this site's labelled ECGs";
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

/** The headline of a head: "LVEF < 40 %: probability 17 %" or "LVEF 62 % (90 % interval 42-82 %)". */
export function headline(h: HeadView): string {
  const level = `${Math.round(h.intervalLevel * 100)} %`;
  if (h.probability !== undefined) return `${h.label}: probability ${percent(h.probability)}`;
  if (h.value === undefined) return `${quantityOf(h.label)}: no estimate`;
  const [lo, hi] = h.interval;
  const loText = Math.abs(lo) >= 10 ? lo.toFixed(0) : lo.toFixed(1);
  return `${quantityOf(h.label)} ${valueWithUnit(h.value, h.unit)} (${level} interval ${loText}–${valueWithUnit(hi, h.unit)})`;
}

/** The probability interval of a classifier head, e.g. "90 % interval 12-25 %" (regressions carry it in the headline). */
export function probabilityInterval(h: HeadView): string | null {
  if (h.probability === undefined) return null;
  const lo = percent(h.interval[0]);
  // "12–25 %", keeping the unit on the first figure only when it is a bound ("< 1 %–4 %").
  return `${Math.round(h.intervalLevel * 100)} % interval ${/^\d/.test(lo) ? lo.replace(' %', '') : lo}–${percent(h.interval[1])}`;
}

/** Which side of the threshold is positive: stated by the model, else read off the call (older stored results). */
function sideOf(h: HeadView): 'below' | 'above' {
  if (h.callWhen) return h.callWhen;
  const v = h.value ?? 0;
  const below = v < h.threshold;
  return (h.call === 'positive') === below ? 'below' : 'above';
}

/** The call as a question answered: "below 40 %: no"; for a classifier "probability 50 % or more: yes". */
export function callPhrase(h: HeadView): string {
  const answer = h.call === 'positive' ? 'yes' : 'no';
  if (h.probability !== undefined) return `probability ${percent(h.threshold)} or more: ${answer}`;
  return `${sideOf(h)} ${valueWithUnit(h.threshold, h.unit)}: ${answer}`;
}

/** The uncertainty in words: "low: 4th percentile of the reference ECGs". */
export function uncertaintyPhrase(u: { level: string; percentile: number }): string {
  const level = u.level === 'abstain' ? 'too high to call' : u.level;
  return `${level}: ${ordinal(u.percentile)} percentile of the pack's reference ECGs`;
}

/** What the levels mean: "High means at or above the 50th percentile; the model abstains from the 94th." */
export function uncertaintyScale(split: number | undefined, abstain: number | undefined): string | null {
  if (split === undefined) return null;
  const first = `High means at or above the ${ordinal(split)} percentile of the reference ECGs`;
  return abstain === undefined ? `${first}.` : `${first}; the model makes no call from the ${ordinal(abstain)}.`;
}

const MEASUREMENTS: Record<string, { label: string; unit: string }> = {
  lvef: { label: 'LVEF', unit: '%' },
  lvedv: { label: 'LVEDV', unit: 'mL' },
  lvesv: { label: 'LVESV', unit: 'mL' },
  lvsv: { label: 'Stroke volume', unit: 'mL' },
};

/** An echo measurement with its name and unit ("LVEF 51 %", "LVEDV 117 mL"); unknown keys keep their name. */
export function measurementText(key: string, value: number): string {
  const m = MEASUREMENTS[key.toLowerCase()];
  if (!m) return `${key} ${valueWithUnit(value, undefined)}`;
  return `${m.label} ${valueWithUnit(value, m.unit)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO date (or date-time) as "17 Jan 2020" (time kept when given: "17 Jan 2020 13:09"); anything else as is.
 * A time without a zone (an ECG's acquisition, local to where it was taken) is shown as written; one with a zone
 * (a timestamp the app stored, UTC) in this computer's local time.
 */
export function dateText(iso: string): string {
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) {
    const d = new Date(iso);
    if (!Number.isNaN(d.getTime())) {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  const day = `${Number(m[3])} ${month} ${m[1]}`;
  return m[4] ? `${day} ${m[4]}:${m[5]}` : day;
}

/** The match probability of a similar report in words, with the number ("likely match (59 %)"). */
export function matchWords(p: number): string {
  const words = p >= 0.8 ? 'very likely match' : p >= 0.6 ? 'likely match' : p >= 0.4 ? 'possible match' : p >= 0.2 ? 'unlikely match' : 'very unlikely match';
  return `${words} (${percent(p)})`;
}
