import { CoreError } from '../../errors';
import {
  DEFAULT_MODALITIES, DEFAULT_STUDY_LIMIT, dicomDateRange, isoDate, isoTime, matchesModalities, nameMatcher,
} from '../query-values';
import type { DimseNode, PacsInstance, PacsQuery, PacsSeries, PacsStudy } from '../types';
import { runAssociation } from './association';
import { dimse } from './library';

type CFindRequest = InstanceType<typeof dimse.requests.CFindRequest>;
type Elements = Record<string, unknown>;

const { Status } = dimse.constants;

/** A naturalized dcmjs value as text: person names by their alphabetic group, multi-values joined by \. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(textOf).join('\\');
  if (typeof value === 'object') return textOf((value as { Alphabetic?: unknown }).Alphabetic);
  return String(value).trim();
}

function countOf(value: unknown): number | null {
  const n = Number(textOf(value));
  return textOf(value) !== '' && Number.isFinite(n) ? n : null;
}

/** Sends C-FIND requests on one association and collects each one's matches (up to `limit` each). */
async function find(node: DimseNode, requests: CFindRequest[], limit: number, signal?: AbortSignal): Promise<Elements[][]> {
  const results = requests.map(() => [] as Elements[]);
  let failed: number | undefined;
  requests.forEach((request, i) => {
    request.on('response', (response: InstanceType<typeof dimse.responses.CFindResponse>) => {
      const status = response.getStatus();
      if (status === Status.Pending && response.hasDataset()) {
        const list = results[i] as Elements[];
        if (list.length < limit) list.push(response.getDataset()?.getElements() ?? {});
      } else if (status !== Status.Pending && status !== Status.Success && status !== Status.Cancel) {
        failed = status;
      }
    });
  });
  await runAssociation({ node, requests, signal });
  if (failed !== undefined) {
    throw new CoreError('PACS_PROTOCOL_ERROR', `The PACS refused the query (DIMSE status 0x${failed.toString(16).toUpperCase()}).`);
  }
  return results;
}

export async function findStudies(node: DimseNode, q: PacsQuery, signal?: AbortSignal): Promise<PacsStudy[]> {
  const modalities = q.modalities ?? [...DEFAULT_MODALITIES];
  const request = dimse.requests.CFindRequest.createStudyFindRequest({
    PatientID: q.patientId ?? '',
    PatientName: q.patientName ? nameMatcher(q.patientName) : '',
    PatientBirthDate: '',
    PatientSex: '',
    AccessionNumber: q.accession ?? '',
    StudyDate: dicomDateRange(q.from, q.to),
    StudyTime: '',
    StudyDescription: '',
    StudyInstanceUID: '',
    ModalitiesInStudy: modalities.join('\\'),
    NumberOfStudyRelatedInstances: '',
  });
  const limit = q.limit ?? DEFAULT_STUDY_LIMIT;
  const [rows = []] = await find(node, [request], limit, signal);
  return rows
    .map((e): PacsStudy => ({
      studyUid: textOf(e.StudyInstanceUID),
      patientId: textOf(e.PatientID),
      patientName: textOf(e.PatientName),
      birthDate: isoDate(textOf(e.PatientBirthDate)),
      sex: textOf(e.PatientSex),
      studyDate: isoDate(textOf(e.StudyDate)),
      studyTime: isoTime(textOf(e.StudyTime)),
      accession: textOf(e.AccessionNumber),
      description: textOf(e.StudyDescription),
      modalities: textOf(e.ModalitiesInStudy).split('\\').filter(Boolean),
      instances: countOf(e.NumberOfStudyRelatedInstances),
      waveformInstances: null,
    }))
    .filter((s) => s.studyUid !== '' && matchesModalities(s.modalities, modalities));
}

export async function findSeries(node: DimseNode, studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]> {
  const request = dimse.requests.CFindRequest.createSeriesFindRequest({
    StudyInstanceUID: studyUid,
    SeriesInstanceUID: '',
    Modality: '',
    SeriesNumber: '',
    SeriesDescription: '',
    NumberOfSeriesRelatedInstances: '',
  });
  const [rows = []] = await find(node, [request], 10_000, signal);
  return rows.map((e) => ({
    studyUid,
    seriesUid: textOf(e.SeriesInstanceUID),
    modality: textOf(e.Modality),
    seriesNumber: textOf(e.SeriesNumber),
    description: textOf(e.SeriesDescription),
    instances: countOf(e.NumberOfSeriesRelatedInstances),
    waveformInstances: null,
  }));
}

/** Every instance of the given studies (one C-FIND per study, all on one association). */
export async function findInstances(node: DimseNode, studyUids: readonly string[], seriesUid?: string, signal?: AbortSignal): Promise<PacsInstance[]> {
  if (studyUids.length === 0) return [];
  const requests = studyUids.map((studyUid) =>
    dimse.requests.CFindRequest.createImageFindRequest({
      StudyInstanceUID: studyUid,
      SeriesInstanceUID: seriesUid ?? '',
      SOPInstanceUID: '',
      SOPClassUID: '',
      InstanceNumber: '',
    }),
  );
  const results = await find(node, requests, 100_000, signal);
  return results.flatMap((rows, i) =>
    rows.map((e) => ({
      studyUid: textOf(e.StudyInstanceUID) || (studyUids[i] as string),
      seriesUid: textOf(e.SeriesInstanceUID),
      sopInstanceUid: textOf(e.SOPInstanceUID),
      sopClassUid: textOf(e.SOPClassUID),
      instanceNumber: textOf(e.InstanceNumber),
    })),
  );
}
