import type { PacsConnection } from './connection';
import type { PacsInstance, PacsQuery, PacsSeries, PacsStudy } from './types';
import { isDicomUid, isRetrievedSopClass } from './waveform-classes';

/** Splits instances into the waveforms the app retrieves and the rest (left on the PACS). */
export function splitWaveforms(instances: readonly PacsInstance[]): { waveforms: PacsInstance[]; others: PacsInstance[] } {
  const waveforms: PacsInstance[] = [];
  const others: PacsInstance[] = [];
  for (const i of instances) {
    // Identifiers from the PACS end up in file names and URLs: anything that is not a UID is not used.
    const valid = isDicomUid(i.sopInstanceUid) && isDicomUid(i.studyUid) && isDicomUid(i.seriesUid);
    (valid && isRetrievedSopClass(i.sopClassUid) ? waveforms : others).push(i);
  }
  return { waveforms, others };
}

function countBy<K>(instances: readonly PacsInstance[], key: (i: PacsInstance) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const i of instances) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  return counts;
}

/**
 * Study-level query, then an instance-level query of the matches so each study shows how many waveform
 * instances it holds (what the app would retrieve), not just its instance count.
 */
export async function findStudiesWithCounts(connection: PacsConnection, query: PacsQuery, signal?: AbortSignal): Promise<PacsStudy[]> {
  const studies = (await connection.findStudies(query, signal)).filter((s) => isDicomUid(s.studyUid));
  if (studies.length === 0) return [];
  const instances = await connection.findInstances(studies.map((s) => s.studyUid), undefined, signal);
  const counts = countBy(splitWaveforms(instances).waveforms, (i) => i.studyUid);
  return studies.map((s) => ({ ...s, waveformInstances: counts.get(s.studyUid) ?? 0 }));
}

/** The series of a study with their waveform instance counts. */
export async function findSeriesWithCounts(connection: PacsConnection, studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]> {
  const series = await connection.findSeries(studyUid, signal);
  const counts = countBy(splitWaveforms(await connection.findInstances([studyUid], undefined, signal)).waveforms, (i) => i.seriesUid);
  return series.map((s) => ({ ...s, waveformInstances: counts.get(s.seriesUid) ?? 0 }));
}
