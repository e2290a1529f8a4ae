import { CoreError } from '../../errors';
import type { RetrieveSink } from '../connection';
import { part10File } from '../part10';
import type { DimseNode, PacsInstance } from '../types';
import { isRetrievedSopClass } from '../waveform-classes';
import { runAssociation } from './association';
import { dimse, rawDataSetOf } from './library';

const { Status } = dimse.constants;
type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type CStoreResponse = InstanceType<typeof dimse.responses.CStoreResponse>;

export interface StoreCheck {
  expected: ReadonlyMap<string, PacsInstance>;
  sink: RetrieveSink;
  sourceAe: string;
}

/**
 * Handles one incoming C-STORE (C-GET sub-operation or C-MOVE to our SCP): only an expected instance of a
 * waveform class is stored; its raw data set becomes a Part 10 file; the PACS hears success only once the
 * file is in the cache, and a refusal status otherwise.
 */
export async function storeIncoming(request: CStoreRequest, check: StoreCheck): Promise<CStoreResponse> {
  const response = dimse.responses.CStoreResponse.fromRequest(request);
  const sopInstanceUid = request.getAffectedSopInstanceUid().replace(/\0/g, '').trim();
  const sopClassUid = request.getAffectedSopClassUid().replace(/\0/g, '').trim();
  const dataset = request.getDataset();
  const bytes = rawDataSetOf(dataset);
  if (!isRetrievedSopClass(sopClassUid)) {
    response.setStatus(Status.SopClassNotSupported);
    return response;
  }
  if (!check.expected.has(sopInstanceUid) || bytes === undefined || dataset === undefined) {
    response.setStatus(Status.ProcessingFailure);
    return response;
  }
  try {
    const file = part10File({ sopClassUid, sopInstanceUid, transferSyntaxUid: dataset.getTransferSyntaxUid(), sourceAe: check.sourceAe }, bytes);
    await check.sink.received({ sopInstanceUid, sopClassUid }, file);
    response.setStatus(Status.Success);
  } catch {
    response.setStatus(Status.ProcessingFailure);
  }
  return response;
}

/** The failure status of a C-GET/C-MOVE final response as a per-instance reason. */
export function subOperationFailure(status: number): { code: 'PACS_NOT_FOUND' | 'PACS_PROTOCOL_ERROR'; message: string } {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  // A700-A7FF out of resources, A900 identifier mismatch, C000-CFFF unable to process, B000 some failed:
  // for one named instance they all mean the PACS does not have it (or will not give it).
  if (status === Status.MoveDestinationUnknown) {
    return { code: 'PACS_PROTOCOL_ERROR', message: `The PACS does not know this application as a C-MOVE destination (status ${hex}): add its AE title, host and port to the PACS.` };
  }
  return { code: 'PACS_NOT_FOUND', message: `The PACS did not send this instance (status ${hex}).` };
}

/**
 * C-GET of each instance (instance level, one association): the instances come back on the same
 * association, proposed only for the waveform classes being fetched.
 */
export async function retrieveByGet(node: DimseNode, instances: readonly PacsInstance[], sink: RetrieveSink, signal?: AbortSignal): Promise<void> {
  if (instances.length === 0) return;
  const expected = new Map(instances.map((i) => [i.sopInstanceUid, i]));
  const received = new Set<string>();
  const tracking: RetrieveSink = {
    received: async (instance, part10) => {
      await sink.received(instance, part10);
      received.add(instance.sopInstanceUid);
    },
    failed: (uid, code, message) => sink.failed(uid, code, message),
  };
  const requests = instances.map((i) => {
    const request = dimse.requests.CGetRequest.createImageGetRequest(i.studyUid, i.seriesUid, i.sopInstanceUid);
    request.setAddStorageSopClassesToAssociation(false);
    request.on('response', (response: InstanceType<typeof dimse.responses.CGetResponse>) => {
      const status = response.getStatus();
      if (status === Status.Pending || received.has(i.sopInstanceUid)) return;
      if (status === Status.Success && response.getFailures() === 0 && response.getCompleted() > 0) return;
      const failure = subOperationFailure(status === Status.Success ? 0xb000 : status);
      sink.failed(i.sopInstanceUid, failure.code, failure.message);
    });
    return request;
  });
  const receiveClasses = new Set(instances.map((i) => i.sopClassUid).filter(isRetrievedSopClass));
  if (receiveClasses.size === 0) throw new CoreError('PACS_NO_WAVEFORMS', 'None of these instances is a waveform the app retrieves.');
  await runAssociation({
    node,
    requests,
    receiveClasses,
    signal,
    onStore: (request, respond) => {
      void storeIncoming(request, { expected, sink: tracking, sourceAe: node.calledAe }).then(respond);
    },
  });
}
