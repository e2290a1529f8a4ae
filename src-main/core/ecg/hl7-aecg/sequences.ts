/**
 * HL7 aECG sequence sets: one time sequence (GLIST_TS absolute or GLIST_PQ relative: head + increment)
 * and one SLIST_PQ per lead (value = origin + scale x digit, each in its own unit).
 */
import { CoreError } from '../../errors';
import { normaliseLeadName } from '../lead-names';
import { checkSampleBudget } from '../limits';
import type { Lead } from '../record';
import { attr, kid, kids, num, textOf, type XmlNode } from '../xml-common/xml-tree';

/** Microvolts per unit, for the amplitude units aECG files use. */
const UV_PER_UNIT: Readonly<Record<string, number>> = { nv: 0.001, uv: 1, mv: 1000, v: 1_000_000 };

/** Seconds per unit, for time increments. */
const S_PER_UNIT: Readonly<Record<string, number>> = { s: 1, ms: 0.001, us: 0.000_001 };

function typeOf(value: XmlNode | undefined): string {
  return (attr(value, 'type') ?? '').replace(/^.*:/, '');
}

/** A PQ element (origin, scale, increment) as value x unit factor; CORRUPT when unusable. */
function quantity(node: XmlNode | undefined, units: Readonly<Record<string, number>>, what: string, warn: Set<string>): number {
  const value = num(attr(node, 'value'));
  if (value === undefined) throw new CoreError('CORRUPT', `The ${what} of an aECG sequence is missing or not a number.`);
  const unit = (attr(node, 'unit') ?? '').toLowerCase();
  const factor = units[unit];
  if (factor === undefined) {
    const fallback = units === UV_PER_UNIT ? 'uV' : 's';
    warn.add(`aECG ${what} unit "${unit.slice(0, 10) || 'missing'}" not recognised; ${fallback} assumed.`);
    return value;
  }
  return value * factor;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The value of the plain integer text[from, to) ("-12"), or NaN when the token is anything else. */
function plainInteger(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative || text.charCodeAt(i) === 43) i += 1;
  if (i === to || to - i > 15) return Number.NaN;
  let v = 0;
  for (; i < to; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/**
 * Whitespace-separated numbers (digits element) scaled to microvolts. Parsed in place, without splitting:
 * a split makes one string per sample, which for a long recording costs many times the file's size. Plain
 * integers (the aECG norm) are read digit by digit; anything else goes through Number().
 */
function parseDigits(text: string, originUv: number, scaleUv: number): Float32Array {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i += 1) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inToken) count += 1;
    inToken = !space;
  }
  checkSampleBudget(1, count, 'An aECG lead');
  const out = new Float32Array(count);
  let k = 0;
  let i = 0;
  while (k < count) {
    while (isSpace(text.charCodeAt(i))) i += 1;
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i += 1;
    let v = plainInteger(text, start, i);
    if (Number.isNaN(v)) v = Number(text.slice(start, i));
    if (!Number.isFinite(v)) throw new CoreError('CORRUPT', 'An aECG lead holds a sample that is not a number: the file is damaged.');
    out[k] = originUv + scaleUv * v;
    k += 1;
  }
  return out;
}

/** One decoded sequence set: its rate, absolute start (if any) and leads in microvolts. */
export interface DecodedSet {
  sampleRateHz: number;
  /** Absolute start time (HL7 TS) when the time axis is absolute. */
  startTs?: string;
  leads: Lead[];
}

/** Decodes one sequenceSet; undefined when it holds no lead sequences. */
export function decodeSequenceSet(set: XmlNode, derived: boolean, warn: Set<string>): DecodedSet | undefined {
  let rate: number | undefined;
  let startTs: string | undefined;
  const leads: Lead[] = [];
  for (const comp of kids(set, 'component')) {
    const seq = kid(comp, 'sequence');
    const code = attr(kid(seq, 'code'), 'code') ?? '';
    const value = kid(seq, 'value');
    const type = typeOf(value);
    if (code.startsWith('TIME_')) {
      if (type !== 'GLIST_TS' && type !== 'GLIST_PQ') {
        throw new CoreError('UNSUPPORTED_ENCODING', `The aECG time axis is stored as ${type.slice(0, 20) || 'an unknown type'}; only regular (head + increment) time axes are supported.`);
      }
      const step = quantity(kid(value, 'increment'), S_PER_UNIT, 'time increment', warn);
      if (!(step > 0) || 1 / step > 100_000) throw new CoreError('CORRUPT', 'The aECG time increment is not a usable sample interval.');
      rate = 1 / step;
      if (type === 'GLIST_TS') startTs = attr(kid(value, 'head'), 'value');
      continue;
    }
    if (type !== 'SLIST_PQ') {
      if (value !== undefined) warn.add(`An aECG sequence of type ${type.slice(0, 20)} was skipped (not a waveform).`);
      continue;
    }
    const origin = kid(value, 'origin') === undefined ? 0 : quantity(kid(value, 'origin'), UV_PER_UNIT, 'origin', warn);
    const scale = quantity(kid(value, 'scale'), UV_PER_UNIT, 'scale', warn);
    const samples = parseDigits(textOf(kid(value, 'digits')), origin, scale);
    leads.push({ name: normaliseLeadName(code) || 'unnamed', samples, derived });
  }
  if (leads.length === 0) return undefined;
  if (rate === undefined) throw new CoreError('CORRUPT', 'An aECG sequence set has leads but no time axis, so its sample rate is unknown.');
  return { sampleRateHz: Math.round(rate * 1e6) / 1e6, ...(startTs !== undefined ? { startTs } : {}), leads };
}
