/**
 * Bounded XML parsing memory. The XML parser builds each text node through intermediate strings and arrays that
 * cost ~35 bytes per character (a 22 MB digits node took 0.9 GB, a 100 MB one 3.9 GB), so long text runs are
 * lifted out before parsing: the parser sees a small skeleton with a marker where each long run was, and the
 * tree gets the runs back afterwards as slices of the decoded text (V8 keeps a slice as a view of its parent,
 * no copy). Attribute values beyond a limit are refused here, before any tree is built: no ECG format keeps data
 * in attributes.
 *
 * Hand-written: the markup scan only has to find where text runs and attribute values start and end, which a
 * full streaming XML parser would do at many times the cost.
 */
import { randomBytes } from 'node:crypto';
import { CoreError } from '../../errors';

/** Text runs from this length on are lifted out of the skeleton. */
export const LIFT_TEXT_CHARS = 16 * 1024;
/** Longest attribute value accepted (characters). */
export const MAX_ATTRIBUTE_CHARS = 1024 * 1024;

export interface LiftedXml {
  /** The XML with each long text run replaced by `${prefix}${index}_`. */
  skeleton: string;
  /** The lifted runs, by index. */
  texts: string[];
  prefix: string;
}

/** Index of the end of the markup starting at `lt` (the position after its closing '>'), or -1 when unclosed. */
function markupEnd(text: string, lt: number, formatName: string): number {
  const after = (close: string, from: number) => {
    const at = text.indexOf(close, from);
    return at < 0 ? -1 : at + close.length;
  };
  if (text.startsWith('<!--', lt)) return after('-->', lt + 4);
  if (text.startsWith('<![CDATA[', lt)) return after(']]>', lt + 9);
  if (text.startsWith('<?', lt)) return after('?>', lt + 2);
  // Element tags (and a DOCTYPE) are short: scanned char by char, jumping over quoted values and the DOCTYPE's
  // internal subset (its declarations contain '>'), so the whole scan stays linear in the file size.
  const doctype = text.startsWith('<!', lt);
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i + 1; // '>'
    if (c === 0x5b && doctype) {
      // '['
      const close = text.indexOf(']', i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === 0x22 || c === 0x27) {
      // '"' or "'"
      const close = text.indexOf(text[i] as string, i + 1);
      if (close < 0) return -1;
      if (close - i - 1 > MAX_ATTRIBUTE_CHARS) {
        throw new CoreError('CORRUPT', `The ${formatName} file holds an attribute of ${((close - i) / 1048576).toFixed(0)} MB: no ECG file does; it is damaged.`);
      }
      i = close;
    }
  }
  return -1;
}

/** Lifts every text run of LIFT_TEXT_CHARS or more out of `text`; refuses oversized attribute values (CORRUPT). */
export function liftLongTexts(text: string, formatName: string): LiftedXml {
  let prefix = `ecg_lifted_${randomBytes(6).toString('hex')}_`;
  while (text.includes(prefix)) prefix = `ecg_lifted_${randomBytes(6).toString('hex')}_`;
  const parts: string[] = [];
  const texts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const runEnd = lt < 0 ? text.length : lt;
    if (runEnd - i >= LIFT_TEXT_CHARS) {
      parts.push(text.slice(copied, i), `${prefix}${texts.length}_`);
      texts.push(text.slice(i, runEnd));
      copied = runEnd;
    }
    if (lt < 0) break;
    const end = markupEnd(text, lt, formatName);
    // Unclosed markup: left to the parser, which reports the damage.
    if (end < 0) break;
    i = end;
  }
  if (texts.length === 0) return { skeleton: text, texts, prefix };
  parts.push(text.slice(copied));
  return { skeleton: parts.join(''), texts, prefix };
}

/** Puts the lifted runs back into the parsed tree (every string value holding a marker), without copying them. */
export function restoreLiftedTexts(tree: unknown, lifted: LiftedXml): void {
  if (lifted.texts.length === 0) return;
  const marker = new RegExp(`${lifted.prefix}(\\d+)_`, 'g');
  const exact = new RegExp(`^${lifted.prefix}(\\d+)_$`);
  const restore = (s: string): string => {
    const m = exact.exec(s);
    if (m) return lifted.texts[Number(m[1])] ?? s;
    return s.replace(marker, (whole, n: string) => lifted.texts[Number(n)] ?? whole);
  };
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (typeof v === 'string') {
        if (v.includes(lifted.prefix)) obj[key] = restore(v);
      } else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
}
