import { extname } from 'node:path';

/**
 * File extensions the readers understand. WFDB is opened through its .hea header (the .dat sits beside it),
 * so .dat is deliberately absent: stepping to the next file must not land on half of a record.
 */
export const ECG_EXTENSIONS: ReadonlySet<string> = new Set(['.dcm', '.dicom', '.xml', '.scp', '.hea', '.edf', '.csv']);

/** True when a file name looks like an ECG the app can open (by extension; the readers still sniff content). */
export function looksLikeEcgFile(name: string): boolean {
  if (name.startsWith('.')) return false;
  return ECG_EXTENSIONS.has(extname(name).toLowerCase());
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order ("ecg2" before "ecg10"), so next/previous follows what a file manager shows. */
export function compareFileNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
