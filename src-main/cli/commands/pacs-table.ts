import type { PacsStudy } from '../../core/pacs/types';

/** The studies `pacs find` prints on a terminal: one row each, widths fitted to the content. */
export function studiesTable(studies: readonly PacsStudy[]): string {
  if (studies.length === 0) return 'no matching ECG study\n';
  const head = ['date', 'patient id', 'patient', 'accession', 'description', 'modalities', 'ECGs', 'study UID'];
  const rows = studies.map((s) => [
    s.studyDate || '-',
    s.patientId || '-',
    s.patientName.replace(/\^+/g, ' ').trim() || '-',
    s.accession || '-',
    s.description || '-',
    s.modalities.join(',') || '-',
    s.waveformInstances === null ? '?' : String(s.waveformInstances),
    s.studyUid,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `${cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()}\n`;
  return line(head) + rows.map(line).join('') + `${studies.length} stud${studies.length === 1 ? 'y' : 'ies'}\n`;
}
