/**
 * Echo dates of a labels sheet. `Date.parse` reads 01/02/2024 as 2 January in one locale's habit and would
 * join an ECG to the wrong echo within the 30-day window, so dates are ISO 8601 unless the sheet's format is
 * named explicitly; a date that does not match is reported by line, never guessed.
 */

/** Date formats a labels sheet may declare; ISO is the default. */
export const LABEL_DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY/MM/DD', 'YYYYMMDD'] as const;
export type LabelDateFormat = (typeof LABEL_DATE_FORMATS)[number];

export function isLabelDateFormat(text: string): text is LabelDateFormat {
  return (LABEL_DATE_FORMATS as readonly string[]).includes(text);
}

/** Each format as a pattern capturing its parts, and the order they come in. */
const PATTERNS: Readonly<Record<LabelDateFormat, { re: RegExp; order: ('y' | 'm' | 'd')[] }>> = {
  'YYYY-MM-DD': { re: /^(\d{4})-(\d{2})-(\d{2})/, order: ['y', 'm', 'd'] },
  'DD/MM/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})/, order: ['m', 'd', 'y'] },
  'DD.MM.YYYY': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})/, order: ['d', 'm', 'y'] },
  'DD-MM-YYYY': { re: /^(\d{1,2})-(\d{1,2})-(\d{4})/, order: ['d', 'm', 'y'] },
  'MM-DD-YYYY': { re: /^(\d{1,2})-(\d{1,2})-(\d{4})/, order: ['m', 'd', 'y'] },
  'YYYY/MM/DD': { re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})/, order: ['y', 'm', 'd'] },
  YYYYMMDD: { re: /^(\d{4})(\d{2})(\d{2})/, order: ['y', 'm', 'd'] },
};

/** An optional time after the date: "T09:30", " 09:30:15", "T09:30:15.2+01:00" (seconds, fraction, zone optional). */
const TIME = /^(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The result of reading one date cell: ISO text, or why it was refused (no cell content in the reason). */
export type DateReading = { ok: true; iso: string } | { ok: false; reason: string };

/** Reads a date in `format` (ISO when absent) as ISO 8601 ("2024-02-01" or "2024-02-01T09:30:00"). */
export function readLabelDate(text: string, format: LabelDateFormat = 'YYYY-MM-DD'): DateReading {
  const t = text.trim();
  const { re, order } = PATTERNS[format];
  const m = re.exec(t);
  const time = m ? TIME.exec(t.slice(m[0].length)) : null;
  if (!m || !time) return { ok: false, reason: refusal(t, format) };
  const parts: Record<'y' | 'm' | 'd', number> = { y: 0, m: 0, d: 0 };
  order.forEach((k, i) => (parts[k] = Number(m[i + 1])));
  const days = new Date(Date.UTC(parts.y, parts.m, 0)).getUTCDate();
  if (parts.m < 1 || parts.m > 12 || parts.d < 1 || parts.d > days) return { ok: false, reason: `echo date is not a calendar date in ${format}` };
  const date = `${parts.y}-${pad(parts.m)}-${pad(parts.d)}`;
  if (time[1] === undefined) return { ok: true, iso: date };
  const [h, mi, s] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: 'echo date has an impossible time of day' };
  const zone = time[4] === undefined || time[4] === 'Z' ? (time[4] ?? '') : `${time[4].slice(0, 3)}:${time[4].slice(-2)}`;
  return { ok: true, iso: `${date}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}` };
}

/** Why a date was refused: an ambiguous day/month order is said so, and the fix is named. */
function refusal(t: string, format: LabelDateFormat): string {
  const dm = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(t);
  if (format === 'YYYY-MM-DD' && dm) {
    const ambiguous = Number(dm[1]) <= 12 && Number(dm[2]) <= 12;
    return ambiguous
      ? 'echo date is not ISO (YYYY-MM-DD) and its day and month could be read either way: choose the date format the sheet uses'
      : 'echo date is not ISO (YYYY-MM-DD): choose the date format the sheet uses';
  }
  return format === 'YYYY-MM-DD' ? 'echo date is not a date (use YYYY-MM-DD)' : `echo date does not match ${format}`;
}
