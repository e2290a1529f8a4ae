/**
 * The archive the PACS tests load into Orthanc: three patients, four studies, ECGs of both committed DICOM
 * fixtures (12-lead and hemodynamic), one non-ECG image inside an ECG study (left on the PACS by every
 * retrieve) and one study holding only a non-ECG image.
 */
import { ecgInstance, HEMODYNAMIC, nonEcgInstance, TWELVE_LEAD, type Identity } from './dicom-edit';

export interface FixtureInstance {
  id: Identity;
  /** The committed file the instance was made from (its leads must come back unchanged); null: not an ECG. */
  source: string | null;
  bytes: Buffer;
}

const ROOT = '2.25.84160514';
export const uid = (...parts: number[]): string => `${ROOT}.${parts.join('.')}`;

export const PATIENT_A = { patientId: 'PACS-A-001', patientName: 'DOE^JANE' };
export const PATIENT_B = { patientId: 'PACS-B-002', patientName: 'ROE^RICHARD' };
export const PATIENT_C = { patientId: 'PACS-C-003', patientName: 'POE^EDGAR' };

export const STUDY_A1 = uid(1, 1);
export const STUDY_A2 = uid(1, 2);
export const STUDY_B1 = uid(2, 1);
export const STUDY_C1 = uid(3, 1);

function make(patient: typeof PATIENT_A, study: string, date: string, accession: string, series: number, n: number, source: string | null): FixtureInstance {
  const id: Identity = {
    ...patient,
    studyDate: date,
    accession,
    studyUid: study,
    seriesUid: `${study}.${series}`,
    sopInstanceUid: `${study}.${series}.${n}`,
    // Study-level attributes are the same in every instance of a study (an archive may take them from any one).
    studyDescription: study === STUDY_C1 ? 'Photo' : 'Resting ECG',
    // The ECG's own acquisition time is the study's (the committed files' 2013 and 1999 dates would say otherwise).
    acquisitionDateTime: `${date}101500`,
  };
  return { id, source, bytes: source === null ? nonEcgInstance(id) : ecgInstance(source, id) };
}

export function archive(): FixtureInstance[] {
  return [
    make(PATIENT_A, STUDY_A1, '20230301', 'ACC-A1', 1, 1, TWELVE_LEAD),
    make(PATIENT_A, STUDY_A2, '20240615', 'ACC-A2', 1, 1, TWELVE_LEAD),
    make(PATIENT_A, STUDY_A2, '20240615', 'ACC-A2', 1, 2, TWELVE_LEAD),
    make(PATIENT_A, STUDY_A2, '20240615', 'ACC-A2', 2, 1, HEMODYNAMIC),
    make(PATIENT_A, STUDY_A2, '20240615', 'ACC-A2', 3, 1, null),
    make(PATIENT_B, STUDY_B1, '20240110', 'ACC-B1', 1, 1, HEMODYNAMIC),
    make(PATIENT_C, STUDY_C1, '20240201', 'ACC-C1', 1, 1, null),
  ];
}

/** `n` ECG instances in one study (for the interrupted retrieve and the bench). */
export function bigStudy(study: string, n: number, date = '20220505'): FixtureInstance[] {
  return Array.from({ length: n }, (_, k) => make({ patientId: 'PACS-BIG-1', patientName: 'BIG^STUDY' }, study, date, 'ACC-BIG', 1 + (k % 4), k + 1, k % 5 === 4 ? HEMODYNAMIC : TWELVE_LEAD));
}
