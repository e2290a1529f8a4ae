import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Hostile inputs the safety tests (issue 11) craft from committed fixtures. */
const FIXTURES = join(__dirname, '../fixtures/ecg');

/** The 12-lead, 10 s HL7 aECG fixture (500 Hz) as text. */
export function aecgText(): string {
  return readFileSync(join(FIXTURES, 'hl7-aecg/fda_subject1_0.xml'), 'utf8');
}

/**
 * The aECG fixture with one sample digit of its first lead (lead I) replaced, e.g. by "1e30": the file stays
 * well-formed and its header sane, only the value is absurd (seen in the field as a damaged export).
 */
export function aecgWithDigit(value: string, position = 100): Uint8Array {
  const src = aecgText();
  const start = src.indexOf('<digits>') + '<digits>'.length;
  const end = src.indexOf('<', start);
  const tokens = src.slice(start, end).trim().split(/\s+/);
  tokens[position] = value;
  return new TextEncoder().encode(`${src.slice(0, start)}${tokens.join(' ')}${src.slice(end)}`);
}

/** The aECG fixture with every lead's scale multiplied by `factor` (a damaged unit or gain for the whole file). */
export function aecgScaled(factor: number): Uint8Array {
  const src = aecgText().replace(/<scale value="([^"]+)"/g, (_m, v: string) => `<scale value="${Number(v) * factor}"`);
  return new TextEncoder().encode(src);
}

/** The aECG fixture with its time increment replaced (e.g. "1e9" s gives 1e-9 Hz). */
export function aecgIncrement(value: string): Uint8Array {
  return new TextEncoder().encode(aecgText().replace(/<increment value="[^"]+"/, `<increment value="${value}"`));
}

/** The aECG fixture with the first lead's digits replaced by a text node of `bytes` bytes ("123 " repeated). */
export function aecgWithHugeText(bytes: number): Uint8Array {
  const src = aecgText();
  const start = src.indexOf('<digits>') + '<digits>'.length;
  const end = src.indexOf('<', start);
  const head = Buffer.from(src.slice(0, start));
  const tail = Buffer.from(src.slice(end));
  const out = Buffer.alloc(head.length + bytes + tail.length);
  head.copy(out, 0);
  out.fill('123 ', head.length, head.length + bytes);
  tail.copy(out, head.length + bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
