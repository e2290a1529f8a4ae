import { CoreError } from '../../errors';
import type { RetrieveSink } from '../connection';
import { part10File } from '../part10';
import type { DimseNode, PacsInstance } from '../types';
import { isRetrievedSopClass } from '../waveform-classes';
import { runAssociation } from './association';
import { dimse, rawDataSetOf } from './library';
import { reportFinal, retrieveUnits } from './units';

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

/**
 * C-GET on one association (whole series at series level, the rest instance by instance, see
 * retrieveUnits): the instances come back on the same association, proposed only for the waveform classes
 * being fetched.
 */
export async function retrieveByGet(
  node: DimseNode, instances: readonly PacsInstance[], sink: RetrieveSink, signal?: AbortSignal, wholeSeries?: ReadonlySet<string>,
): Promise<void> {
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
  const requests = retrieveUnits(instances, wholeSeries).map((unit) => {
    const request = unit.sopInstanceUid
      ? dimse.requests.CGetRequest.createImageGetRequest(unit.studyUid, unit.seriesUid, unit.sopInstanceUid)
      : dimse.requests.CGetRequest.createSeriesGetRequest(unit.studyUid, unit.seriesUid);
    request.setAddStorageSopClassesToAssociation(false);
    reportFinal(request, unit, received, sink);
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
