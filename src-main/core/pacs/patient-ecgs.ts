import type { PacsConnection } from './connection';
import { splitWaveforms } from './query';
import type { PacsStudy } from './types';
import { isDicomUid, sopClassName } from './waveform-classes';

/** One waveform instance of a patient's study, with what a list of priors shows of it. */
export interface PatientEcg {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** The waveform kind ("12-Lead ECG Waveform Storage", ...). */
  sopClassName: string;
  /** The patient ID the PACS states for the study (PHI: for matching, never logged). */
  patientId: string;
  /** Study date and time as ISO 8601 (YYYY-MM-DD[THH:MM:SS]); null when the PACS gives no date. */
  studyDateTime: string | null;
  /** The study description ('' when the PACS has none). */
  description: string;
}

/** Studies asked for per patient (for a patient with more, the first ones the PACS answers with are listed). */
export const PATIENT_STUDY_LIMIT = 50;
/** Instances listed per patient at most. */
export const PATIENT_ECG_LIMIT = 100;

function studyDateTime(s: PacsStudy): string | null {
  if (!s.studyDate) return null;
  if (!s.studyTime) return s.studyDate;
  return `${s.studyDate}T${s.studyTime.length === 5 ? `${s.studyTime}:00` : s.studyTime}`;
}

/**
 * A patient's ECG waveform instances on a node, most recent study first: a study-level query by patient ID,
 * then one instance-level query of the matching studies. Nothing is retrieved (queries only).
 */
export async function findPatientEcgs(connection: PacsConnection, patientId: string, signal?: AbortSignal): Promise<PatientEcg[]> {
  const studies = (await connection.findStudies({ patientId, limit: PATIENT_STUDY_LIMIT }, signal)).filter((s) => isDicomUid(s.studyUid));
  if (studies.length === 0) return [];
  const byUid = new Map(studies.map((s) => [s.studyUid, s]));
  const { waveforms } = splitWaveforms(await connection.findInstances([...byUid.keys()], undefined, signal));
  const out: PatientEcg[] = [];
  for (const i of waveforms) {
    const s = byUid.get(i.studyUid);
    if (!s) continue;
    out.push({
      studyUid: i.studyUid,
      seriesUid: i.seriesUid,
      sopInstanceUid: i.sopInstanceUid,
      sopClassUid: i.sopClassUid,
      sopClassName: sopClassName(i.sopClassUid),
      patientId: s.patientId,
      studyDateTime: studyDateTime(s),
      description: s.description,
    });
  }
  const seen = new Set<string>();
  return out
    .filter((e) => !seen.has(e.sopInstanceUid) && seen.add(e.sopInstanceUid))
    .sort((a, b) => (b.studyDateTime ?? '').localeCompare(a.studyDateTime ?? '') || a.seriesUid.localeCompare(b.seriesUid) || a.sopInstanceUid.localeCompare(b.sopInstanceUid))
    .slice(0, PATIENT_ECG_LIMIT);
}
