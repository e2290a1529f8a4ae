import { CoreError } from '../../errors';
import {
  DEFAULT_MODALITIES, DEFAULT_STUDY_LIMIT, dicomDateRange, isoDate, isoTime, matchesModalities, nameMatcher,
} from '../query-values';
import type { DicomwebNode, PacsInstance, PacsQuery, PacsSeries, PacsStudy } from '../types';
import { fetchError, statusError, type DicomwebHttp } from './http';

/** One DICOM JSON object (PS3.18 F.2): tag -> { vr, Value }. */
type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** Text of a DICOM JSON attribute: person names by their alphabetic group, multi-values joined by \. */
export function jsonText(obj: DicomJson, tag: string): string {
  const values = obj[tag]?.Value ?? [];
  return values
    .map((v) => (v !== null && typeof v === 'object' ? String((v as { Alphabetic?: unknown }).Alphabetic ?? '') : String(v ?? '')))
    .join('\\')
    .trim();
}

function jsonCount(obj: DicomJson, tag: string): number | null {
  const t = jsonText(obj, tag);
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : null;
}

const QIDO_ACCEPT = 'application/dicom+json';

async function qido(http: DicomwebHttp, node: DicomwebNode, path: string, what: string, signal?: AbortSignal): Promise<DicomJson[]> {
  const response = await http.get(path, QIDO_ACCEPT, signal);
  if (response.status === 204) return [];
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw statusError(response.status, what);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw error instanceof SyntaxError
      ? new CoreError('PACS_PROTOCOL_ERROR', `The DICOMweb service answered ${what} with something other than DICOM JSON.`)
      : fetchError(error, node, signal);
  }
  if (!Array.isArray(body)) throw new CoreError('PACS_PROTOCOL_ERROR', `The DICOMweb service answered ${what} with something other than a list.`);
  return body as DicomJson[];
}

export async function qidoStudies(http: DicomwebHttp, node: DicomwebNode, q: PacsQuery, signal?: AbortSignal): Promise<PacsStudy[]> {
  const modalities = q.modalities ?? [...DEFAULT_MODALITIES];
  const params = new URLSearchParams();
  if (q.patientId) params.set('PatientID', q.patientId);
  if (q.patientName) params.set('PatientName', nameMatcher(q.patientName));
  if (q.accession) params.set('AccessionNumber', q.accession);
  const dates = dicomDateRange(q.from, q.to);
  if (dates) params.set('StudyDate', dates);
  params.set('ModalitiesInStudy', modalities.join(','));
  params.set('limit', String(q.limit ?? DEFAULT_STUDY_LIMIT));
  for (const tag of ['00081030', '00201208', '00080061', '00100030', '00100040']) params.append('includefield', tag);
  const rows = await qido(http, node, `/studies?${params.toString()}`, 'the study query', signal);
  return rows
    .map((r): PacsStudy => ({
      studyUid: jsonText(r, '0020000D'),
      patientId: jsonText(r, '00100020'),
      patientName: jsonText(r, '00100010'),
      birthDate: isoDate(jsonText(r, '00100030')),
      sex: jsonText(r, '00100040'),
      studyDate: isoDate(jsonText(r, '00080020')),
      studyTime: isoTime(jsonText(r, '00080030')),
      accession: jsonText(r, '00080050'),
      description: jsonText(r, '00081030'),
      modalities: jsonText(r, '00080061').split('\\').filter(Boolean),
      instances: jsonCount(r, '00201208'),
      waveformInstances: null,
    }))
    .filter((s) => s.studyUid !== '' && matchesModalities(s.modalities, modalities));
}

export async function qidoSeries(http: DicomwebHttp, node: DicomwebNode, studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]> {
  const rows = await qido(http, node, `/studies/${studyUid}/series?includefield=0008103E&includefield=00201209`, 'the series query', signal);
  return rows.map((r) => ({
    studyUid,
    seriesUid: jsonText(r, '0020000E'),
    modality: jsonText(r, '00080060'),
    seriesNumber: jsonText(r, '00200011'),
    description: jsonText(r, '0008103E'),
    instances: jsonCount(r, '00201209'),
    waveformInstances: null,
  }));
}

export async function qidoInstances(
  http: DicomwebHttp, node: DicomwebNode, studyUids: readonly string[], seriesUid?: string, signal?: AbortSignal,
): Promise<PacsInstance[]> {
  const out: PacsInstance[] = [];
  for (const studyUid of studyUids) {
    const path = seriesUid ? `/studies/${studyUid}/series/${seriesUid}/instances` : `/studies/${studyUid}/instances`;
    const rows = await qido(http, node, `${path}?includefield=00080016&includefield=00200013`, 'the instance query', signal);
    for (const r of rows) {
      out.push({
        studyUid: jsonText(r, '0020000D') || studyUid,
        seriesUid: jsonText(r, '0020000E') || (seriesUid ?? ''),
        sopInstanceUid: jsonText(r, '00080018'),
        sopClassUid: jsonText(r, '00080016'),
        instanceNumber: jsonText(r, '00200013'),
      });
    }
  }
  return out;
}
