/**
 * Prior ECG candidates for the ECG on screen: every source's paths read once, matched on the patient ID and
 * ranked: the same patient first, then by how recently before this ECG they were acquired.
 */
import { readEcgFile } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import { isCoreError } from '../errors';
import { fileMetaOf } from '../cohort/prediction-row';
import type { PriorQuery, PriorSource, PriorSourceId } from './prior-sources';

/** One suggestion, before main hands out a token for it. */
export interface PriorCandidatePath {
  path: string;
  sources: PriorSourceId[];
  /** 'yes' when both ECGs state the same patient ID, 'no' when they state different ones, else 'unknown'. */
  samePatient: 'yes' | 'no' | 'unknown';
  acquisitionTime: string | null;
  format: string | null;
  /** Reader's error code when the file could not be read (it is listed last, for the record). */
  errorCode: string | null;
}

const READ_CONCURRENCY = 4;

/** Patient IDs compared as a reader would: case, spaces and leading zeros do not matter. */
export function samePatientId(a: string | null, b: string | null): PriorCandidatePath['samePatient'] {
  if (!a || !b) return 'unknown';
  const norm = (s: string) => s.trim().toUpperCase().replace(/\s+/g, '').replace(/^0+(?=.)/, '');
  return norm(a) === norm(b) ? 'yes' : 'no';
}

const RANK = { yes: 0, unknown: 1, no: 2 } as const;

/**
 * Orders candidates: readable before unreadable; then same patient, unknown, different; then acquired before the
 * current ECG (most recent first) before those acquired after it or undated.
 */
export function rankCandidates(list: PriorCandidatePath[], currentTime: string | null): PriorCandidatePath[] {
  const before = (c: PriorCandidatePath) => (c.acquisitionTime && currentTime && c.acquisitionTime < currentTime ? 0 : 1);
  return [...list].sort(
    (a, b) =>
      Number(a.errorCode !== null) - Number(b.errorCode !== null) ||
      RANK[a.samePatient] - RANK[b.samePatient] ||
      before(a) - before(b) ||
      (b.acquisitionTime ?? '').localeCompare(a.acquisitionTime ?? ''),
  );
}

/** Reads what matching needs from each path (a few at a time); unreadable files keep their error code. */
async function describe(paths: string[], read: (path: string) => Promise<EcgRecord>) {
  const out = new Map<string, { patientId: string | null; acquisitionTime: string | null; format: string | null; errorCode: string | null }>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      const path = paths[i] as string;
      try {
        const m = fileMetaOf(await read(path));
        out.set(path, { patientId: m.patientId, acquisitionTime: m.acquisitionTime, format: m.format, errorCode: null });
      } catch (error) {
        out.set(path, { patientId: null, acquisitionTime: null, format: null, errorCode: isCoreError(error) ? error.code : 'INTERNAL' });
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return out;
}

/** Asks every source, reads each distinct path once, and ranks the result (the current file never included). */
export async function priorCandidates(
  current: PriorQuery,
  sources: readonly PriorSource[],
  read: (path: string) => Promise<EcgRecord> = (p) => readEcgFile(p),
): Promise<PriorCandidatePath[]> {
  const bySource = new Map<string, PriorSourceId[]>();
  for (const s of sources) {
    let found: string[] = [];
    try {
      found = await s.find(current);
    } catch {
      // One source failing (an unreadable database, an unreachable server) leaves the others' suggestions.
    }
    for (const p of found) if (p !== current.path) bySource.set(p, [...(bySource.get(p) ?? []), s.id].filter((x, i, a) => a.indexOf(x) === i));
  }
  const info = await describe([...bySource.keys()], read);
  const list = [...bySource.entries()].map(([path, ids]) => {
    const d = info.get(path);
    return {
      path,
      sources: ids,
      samePatient: samePatientId(current.patientId, d?.patientId ?? null),
      acquisitionTime: d?.acquisitionTime ?? null,
      format: d?.format ?? null,
      errorCode: d?.errorCode ?? null,
    };
  });
  return rankCandidates(list, current.acquisitionTime);
}
