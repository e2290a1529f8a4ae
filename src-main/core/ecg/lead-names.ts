/**
 * Lead name normalisation shared by every reader. Files name leads as "I", "Lead I", "LEAD_I", null-padded
 * strings, "DII", "ECG V1", MDC codes ("MDC_ECG_LEAD_I", "2:1", 131329) or SCP-ECG lead codes (1 = I,
 * 61 = III, "5.6.3-9-1"); everything downstream wants one spelling: I, II, III, aVR, aVL, aVF, V1-V6.
 */
import { STANDARD_LEADS, type StandardLead } from './record';

/**
 * SCP-ECG (EN 1064 table 18) lead codes; the MDC term codes of ISO/IEEE 11073-10101 ECG leads use the
 * same numbering (MDC_ECG_LEAD_I = 2:1, MDC_ECG_LEAD_III = 2:61).
 */
const LEAD_CODES: Readonly<Record<number, string>> = {
  1: 'I', 2: 'II', 3: 'V1', 4: 'V2', 5: 'V3', 6: 'V4', 7: 'V5', 8: 'V6', 9: 'V7',
  10: 'V2R', 11: 'V3R', 12: 'V4R', 13: 'V5R', 14: 'V6R', 15: 'V7R',
  16: 'X', 17: 'Y', 18: 'Z', 19: 'CC5', 20: 'CM5', 21: 'LA', 22: 'RA', 23: 'LL',
  24: 'fI', 25: 'fE', 26: 'fC', 27: 'fA', 28: 'fM', 29: 'fF', 30: 'fH',
  61: 'III', 62: 'aVR', 63: 'aVL', 64: 'aVF', 65: '-aVR', 66: 'V8', 67: 'V9', 68: 'V8R', 69: 'V9R',
  70: 'D', 71: 'A', 72: 'J',
};

/** Upper-case spelling -> canonical spelling for the names that have a fixed case. */
const CANONICAL = new Map<string, string>();
for (const name of Object.values(LEAD_CODES)) CANONICAL.set(name.toUpperCase(), name);
for (const name of STANDARD_LEADS) CANONICAL.set(name.toUpperCase(), name);
// European/Latin American notation: DI, DII, DIII for the limb leads; "-AVR" spelled "AVR-" or "NEG AVR".
CANONICAL.set('DI', 'I');
CANONICAL.set('DII', 'II');
CANONICAL.set('DIII', 'III');
CANONICAL.set('D1', 'I');
CANONICAL.set('D2', 'II');
CANONICAL.set('D3', 'III');
CANONICAL.set('AVRNEG', '-aVR');
CANONICAL.set('NEGAVR', '-aVR');
for (let i = 1; i <= 9; i += 1) CANONICAL.set(`C${i}`, `V${i}`); // IEC chest-lead spelling C1..C6

/** MDC partition 2 (SCADA) context-free base: code 131072 + term. */
const MDC_PARTITION_BASE = 2 * 65536;

/**
 * Lead name for an SCP-ECG lead code or MDC term code (1 = I, 61 = III, 257 or 131329 = MDC I);
 * undefined for codes that name no known lead.
 */
export function leadNameFromCode(code: number): string | undefined {
  if (!Number.isInteger(code) || code < 0) return undefined;
  let term = code;
  if (term >= MDC_PARTITION_BASE && term < MDC_PARTITION_BASE + 65536) term -= MDC_PARTITION_BASE;
  // 11073 electrode-potential terms (MDC_ECG_ELEC_POTL_*) sit at 256 + lead number.
  if (term > 256 && term < 512) term -= 256;
  return LEAD_CODES[term];
}

/** Strips NULs, control characters, quotes and surrounding blanks; collapses inner whitespace. */
function clean(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/^["'\s]+|["'\s]+$/g, '').replace(/\s+/g, ' ');
}

/** Code spellings: "MDC_ECG_LEAD_AVR", "2:62", "5.6.3-9-62", "131329", "61". */
function fromCodeSpelling(text: string): string | undefined {
  const mdc = /^MDC_ECG_(?:LEAD|ELEC_POTL)_(.+)$/i.exec(text);
  if (mdc?.[1] !== undefined) return canonical(mdc[1].replace(/_/g, ''));
  const partitioned = /^2:(\d{1,5})$/.exec(text);
  if (partitioned?.[1] !== undefined) return leadNameFromCode(Number(partitioned[1]));
  const scp = /^5\.6\.3-9-(\d{1,3})$/.exec(text);
  if (scp?.[1] !== undefined) return leadNameFromCode(Number(scp[1]));
  if (/^\d{1,6}$/.test(text)) return leadNameFromCode(Number(text));
  return undefined;
}

function canonical(text: string): string | undefined {
  return CANONICAL.get(text.toUpperCase().replace(/[\s_]/g, ''));
}

/**
 * The normalised name of a lead: one of I, II, III, aVR, aVL, aVF, V1-V6 when the raw text denotes one,
 * another known lead (V4R, V7, X, -aVR, ...) in its usual spelling, else the cleaned label unchanged
 * (e.g. "MLII" stays "MLII": a modified limb lead is not lead II and must not pretend to be).
 */
export function normaliseLeadName(raw: string): string {
  const text = clean(raw);
  if (text === '') return '';
  const coded = fromCodeSpelling(text);
  if (coded !== undefined) return coded;
  const direct = canonical(text);
  if (direct !== undefined) return direct;
  // "Lead I", "LEAD_I", "Lead aVR (Goldberger)", "ECG II", "EKG V1", "ECG Lead I", "I (Einthoven)".
  const stripped = text
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/^(?:ECG|EKG)[\s_-]*/i, '')
    .replace(/^(?:LEAD|LD)[\s_-]*/i, '')
    .trim();
  // Only names after a prefix: "ECG 1" is channel one, not SCP-ECG lead code 1.
  const viaPrefix = stripped === '' || /^\d+$/.test(stripped) ? undefined : (canonical(stripped) ?? fromCodeSpelling(stripped));
  return viaPrefix ?? text;
}

/** True for the twelve standard leads in their canonical spelling. */
export function isStandardLead(name: string): name is StandardLead {
  return (STANDARD_LEADS as readonly string[]).includes(name);
}

/** Position in the standard 12-lead order; non-standard leads sort after, -1 means "not standard". */
export function standardLeadIndex(name: string): number {
  return (STANDARD_LEADS as readonly string[]).indexOf(name);
}
