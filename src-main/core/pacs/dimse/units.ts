import type { RetrieveSink } from '../connection';
import type { PacsInstance } from '../types';
import { dimse } from './library';

const { Status } = dimse.constants;

/** One C-GET or C-MOVE request: a whole series, or one instance; with the instances it brings. */
export interface RetrieveUnit {
  studyUid: string;
  seriesUid: string;
  /** Absent: the whole series. */
  sopInstanceUid?: string;
  covers: PacsInstance[];
}

/**
 * Series being fetched whole are asked for at series level (one round trip, the PACS streams them);
 * everything else one instance at a time, so nothing but the waveform instances is ever requested.
 */
export function retrieveUnits(instances: readonly PacsInstance[], wholeSeries: ReadonlySet<string> = new Set()): RetrieveUnit[] {
  const units: RetrieveUnit[] = [];
  const bySeries = new Map<string, RetrieveUnit>();
  for (const i of instances) {
    if (wholeSeries.has(i.seriesUid)) {
      let unit = bySeries.get(i.seriesUid);
      if (!unit) {
        unit = { studyUid: i.studyUid, seriesUid: i.seriesUid, covers: [] };
        bySeries.set(i.seriesUid, unit);
        units.push(unit);
      }
      unit.covers.push(i);
    } else {
      units.push({ studyUid: i.studyUid, seriesUid: i.seriesUid, sopInstanceUid: i.sopInstanceUid, covers: [i] });
    }
  }
  return units;
}

/** The failure status of a C-GET/C-MOVE final response as a per-instance reason. */
export function subOperationFailure(status: number): { code: 'PACS_NOT_FOUND' | 'PACS_PROTOCOL_ERROR'; message: string } {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  // A700-A7FF out of resources, A900 identifier mismatch, C000-CFFF unable to process, B000 some failed:
  // for named instances they all mean the PACS does not have them (or will not give them).
  if (status === Status.MoveDestinationUnknown) {
    return { code: 'PACS_PROTOCOL_ERROR', message: `The PACS does not know this application as a C-MOVE destination (status ${hex}): add its AE title, host and port to the PACS.` };
  }
  return { code: 'PACS_NOT_FOUND', message: `The PACS did not send this instance (status ${hex}).` };
}

type RetrieveResponse = { getStatus(): number; getFailures(): number; getCompleted(): number };

/** Reports, on a unit's final response, every instance it covers that did not arrive. */
export function reportFinal(
  request: { on(event: 'response', f: (r: RetrieveResponse) => void): void },
  unit: RetrieveUnit,
  received: ReadonlySet<string>,
  sink: RetrieveSink,
): void {
  request.on('response', (response) => {
    const status = response.getStatus();
    if (status === Status.Pending) return;
    const missing = unit.covers.filter((i) => !received.has(i.sopInstanceUid));
    if (missing.length === 0) return;
    const failure = subOperationFailure(status === Status.Success ? 0xb000 : status);
    for (const i of missing) sink.failed(i.sopInstanceUid, failure.code, failure.message);
  });
}
