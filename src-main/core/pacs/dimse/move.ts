import type { RetrieveSink } from '../connection';
import type { DimseNode, PacsInstance } from '../types';
import { runAssociation } from './association';
import { dimse } from './library';
import { localAddressFacing, startStorageScp } from './storage-scp';
import { reportFinal, retrieveUnits } from './units';


/**
 * C-MOVE to our own AE title (whole series at series level, the rest instance by instance): the storage
 * SCP is started on the configured port for the duration of the moves, and closed afterwards whatever
 * happened.
 */
export async function retrieveByMove(
  node: DimseNode, instances: readonly PacsInstance[], sink: RetrieveSink, signal?: AbortSignal, wholeSeries?: ReadonlySet<string>,
): Promise<void> {
  if (instances.length === 0) return;
  const expected = new Map(instances.map((i) => [i.sopInstanceUid, i]));
  const received = new Set<string>();
  const host = node.moveListenHost ?? (await localAddressFacing(node.host, node.port));
  const scp = await startStorageScp({
    host,
    port: node.movePort,
    ourAe: node.callingAe,
    sourceAe: node.moveSourceAe ?? node.calledAe,
    timeoutS: node.timeoutS,
    expected,
    sink: {
      received: async (instance, part10) => {
        await sink.received(instance, part10);
        received.add(instance.sopInstanceUid);
      },
      failed: (uid, code, message) => sink.failed(uid, code, message),
    },
  });
  try {
    const requests = retrieveUnits(instances, wholeSeries).map((unit) => {
      const request = unit.sopInstanceUid
        ? dimse.requests.CMoveRequest.createImageMoveRequest(node.callingAe, unit.studyUid, unit.seriesUid, unit.sopInstanceUid)
        : dimse.requests.CMoveRequest.createSeriesMoveRequest(node.callingAe, unit.studyUid, unit.seriesUid);
      reportFinal(request, unit, received, sink);
      return request;
    });
    await runAssociation({ node, requests, signal });
  } finally {
    await scp.close();
  }
}
