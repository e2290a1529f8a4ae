import type { PacsModality } from './types';

/** DICOM range matching for StudyDate: YYYYMMDD-YYYYMMDD, open on either side; '' when no bound. */
export function dicomDateRange(from?: string, to?: string): string {
  const d = (iso?: string) => (iso ? iso.replace(/-/g, '') : '');
  if (!from && !to) return '';
  if (from && to && from === to) return d(from);
  return `${d(from)}-${d(to)}`;
}

/** YYYYMMDD (or YYYY-MM-DD, or YYYY.MM.DD) as YYYY-MM-DD; '' when it is not a date. */
export function isoDate(value: string): string {
  const digits = value.replace(/[-.]/g, '').trim();
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : '';
}

/** HHMMSS[.ffffff] as HH:MM[:SS]; '' when absent. */
export function isoTime(value: string): string {
  const t = value.replace(/:/g, '').trim();
  if (!/^\d{2,6}/.test(t)) return '';
  const hh = t.slice(0, 2);
  const mm = t.slice(2, 4) || '00';
  const ss = t.slice(4, 6);
  return ss ? `${hh}:${mm}:${ss}` : `${hh}:${mm}`;
}

/** Patient name matching: a name the user typed without wildcards matches as a prefix ("DOE" finds "DOE^JOHN"). */
export function nameMatcher(name: string): string {
  return /[*?]/.test(name) ? name : `${name}*`;
}

export const DEFAULT_MODALITIES: readonly PacsModality[] = ['ECG', 'HD'];
export const DEFAULT_STUDY_LIMIT = 200;

/** True when a study's modalities (as the PACS reports them) include one asked for; unknown lists pass. */
export function matchesModalities(studyModalities: readonly string[], wanted: readonly string[]): boolean {
  if (studyModalities.length === 0) return true;
  return studyModalities.some((m) => wanted.includes(m.trim().toUpperCase()));
}
