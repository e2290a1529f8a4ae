import type { IncomingMessage } from 'node:http';
import { meros } from 'meros/node';
import { CoreError } from '../../errors';
import type { RetrieveSink } from '../connection';
import { part10Identity } from '../part10';
import type { DicomwebNode, PacsInstance } from '../types';
import { fetchError, statusError, type DicomwebHttp } from './http';

/** Part 10 instances in any transfer syntax the server holds them in (ECG objects are never compressed). */
const WADO_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';
/** WADO-RS requests in flight at once: enough to hide the round trips, few enough for a shared archive. */
const PARALLEL = 4;

/**
 * Reads the parts of a multipart/related answer as they arrive with meros (a small, widely used streaming
 * multipart reader). meros reads a Node response; undici's body is a web stream, so it gets the header it
 * needs and the body chunks as Buffers.
 */
async function* parts(contentType: string, body: AsyncIterable<Uint8Array>): AsyncGenerator<{ headers: Record<string, string>; body: Buffer }> {
  async function* chunks() {
    for await (const c of body) yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
  const like = Object.assign(chunks(), { headers: { 'content-type': contentType } }) as unknown as IncomingMessage;
  const result = await meros(like);
  if (!(Symbol.asyncIterator in result) || typeof (result as { next?: unknown }).next !== 'function') {
    throw new CoreError('PACS_PROTOCOL_ERROR', 'The DICOMweb service did not answer WADO-RS with a multipart body.');
  }
  for await (const part of result as AsyncGenerator<{ headers: Record<string, string>; body: unknown }>) {
    if (!Buffer.isBuffer(part.body)) throw new CoreError('PACS_PROTOCOL_ERROR', 'The DICOMweb service sent a WADO-RS part that is not DICOM.');
    yield { headers: part.headers, body: part.body };
  }
}

async function fetchInstance(http: DicomwebHttp, node: DicomwebNode, instance: PacsInstance, sink: RetrieveSink, signal?: AbortSignal): Promise<void> {
  const path = `/studies/${instance.studyUid}/series/${instance.seriesUid}/instances/${instance.sopInstanceUid}`;
  const response = await http.get(path, WADO_ACCEPT, signal);
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    const error = statusError(response.status, 'this instance');
    if (error.code === 'PACS_AUTH_FAILED') throw error; // every other instance would fail the same way
    sink.failed(instance.sopInstanceUid, error.code, error.message);
    return;
  }
  let got = false;
  try {
    for await (const part of parts(response.headers.get('content-type') ?? '', response.body)) {
      const type = (part.headers['content-type'] ?? 'application/dicom').toLowerCase();
      if (!type.startsWith('application/dicom')) continue;
      const identity = part10Identity(part.body);
      if (identity.sopInstanceUid !== instance.sopInstanceUid) continue;
      await sink.received(identity, part.body);
      got = true;
    }
  } catch (error) {
    throw error instanceof CoreError ? error : fetchError(error, node, signal);
  }
  if (!got) sink.failed(instance.sopInstanceUid, 'PACS_NOT_FOUND', 'The DICOMweb service answered without this instance.');
}

/** WADO-RS of each instance, a few at a time; per-instance HTTP errors go to the sink, connection errors throw. */
export async function wadoRetrieve(
  http: DicomwebHttp, node: DicomwebNode, instances: readonly PacsInstance[], sink: RetrieveSink, signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (firstError === undefined && next < instances.length) {
      const instance = instances[next++] as PacsInstance;
      try {
        await fetchInstance(http, node, instance, sink, signal);
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, instances.length) }, worker));
  if (firstError !== undefined) throw fetchError(firstError, node, signal);
}
