import type { RetrieveSink } from '../connection';
import type { DimseNode, PacsInstance } from '../types';
import { runAssociation } from './association';
import { subOperationFailure } from './get';
import { dimse } from './library';
import { localAddressFacing, startStorageScp } from './storage-scp';

const { Status } = dimse.constants;

/**
 * C-MOVE of each instance to our own AE title: the storage SCP is started on the configured port for the
 * duration of the moves, and closed afterwards whatever happened.
 */
export async function retrieveByMove(node: DimseNode, instances: readonly PacsInstance[], sink: RetrieveSink, signal?: AbortSignal): Promise<void> {
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
    const requests = instances.map((i) => {
      const request = dimse.requests.CMoveRequest.createImageMoveRequest(node.callingAe, i.studyUid, i.seriesUid, i.sopInstanceUid);
      request.on('response', (response: InstanceType<typeof dimse.responses.CMoveResponse>) => {
        const status = response.getStatus();
        if (status === Status.Pending || received.has(i.sopInstanceUid)) return;
        if (status === Status.Success && response.getFailures() === 0 && response.getCompleted() > 0) return;
        const failure = subOperationFailure(status === Status.Success ? 0xb000 : status);
        sink.failed(i.sopInstanceUid, failure.code, failure.message);
      });
      return request;
    });
    await runAssociation({ node, requests, signal });
  } finally {
    await scp.close();
  }
}
