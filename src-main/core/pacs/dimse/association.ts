import { CoreError } from '../../errors';
import type { DimseNode } from '../types';
import { ACCEPTED_TRANSFER_SYNTAXES } from '../waveform-classes';
import { dimse, rawStoreOptions } from './library';

type Request = InstanceType<typeof dimse.requests.Request>;
type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type CStoreResponse = InstanceType<typeof dimse.responses.CStoreResponse>;

export interface AssociationSpec {
  node: DimseNode;
  requests: Request[];
  /** Storage classes to receive on this association (C-GET): proposed with the SCP role. */
  receiveClasses?: ReadonlySet<string>;
  /** Called for each C-STORE sub-operation of a C-GET; answer with the response. */
  onStore?: (request: CStoreRequest, respond: (response: CStoreResponse) => void) => void;
  signal?: AbortSignal;
}

/** Maps a socket or library error to a coded error (no patient data: messages are ours). */
export function networkError(error: unknown, node: DimseNode): CoreError {
  const message = error instanceof Error ? error.message : String(error);
  // dcmjs-dimse re-throws socket errors as plain Errors quoting the original ("... connect ECONNREFUSED ..."):
  // the system code is then read from the message.
  const code = (error as { code?: string } | undefined)?.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)\b/.exec(message)?.[1] ?? '';
  const where = `${node.host}:${node.port}`;
  if (/timeout|timed out/i.test(message) || code === 'ETIMEDOUT') {
    return new CoreError('PACS_TIMEOUT', `The PACS at ${where} did not answer in time.`, error);
  }
  if (code === 'ECONNREFUSED') return new CoreError('PACS_CONNECTION_FAILED', `Nothing accepts DICOM connections at ${where}: check the host and port.`, error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CoreError('PACS_CONNECTION_FAILED', `The PACS host ${node.host} cannot be found.`, error);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new CoreError('PACS_CONNECTION_FAILED', `The PACS at ${where} cannot be reached from this machine.`, error);
  return new CoreError('PACS_CONNECTION_FAILED', `The connection to the PACS at ${where} was lost.`, error);
}

/**
 * Opens one association, sends the requests in order and resolves when the PACS has answered them all
 * and the association is released. Rejects with PACS_ASSOCIATION_REJECTED (AE titles refused),
 * PACS_CONNECTION_FAILED (refused, unreachable, dropped), PACS_TIMEOUT, or CANCELLED when `signal` aborts.
 */
export function runAssociation(spec: AssociationSpec): Promise<void> {
  const { node, signal } = spec;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new CoreError('CANCELLED', 'The PACS operation was cancelled.'));
    const client = new dimse.Client();
    for (const r of spec.requests) client.addRequest(r);
    for (const uid of spec.receiveClasses ?? []) {
      const [first, ...rest] = ACCEPTED_TRANSFER_SYNTAXES;
      const context = new dimse.association.PresentationContext(0, uid, first);
      for (const ts of rest) context.addTransferSyntaxUid(ts);
      client.addAdditionalPresentationContext(context);
    }
    let settled = false;
    let accepted = false;
    let failure: CoreError | undefined;
    const finish = (error?: CoreError) => {
      if (settled) return;
      settled = true;
      // The library only half-closes the socket on errors; a peer that never closes its side would keep it.
      if (error) (client as unknown as { network?: { socket?: { destroy(): void } } }).network?.socket?.destroy();
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      failure = new CoreError('CANCELLED', 'The PACS operation was cancelled.');
      try {
        client.abort();
      } catch {
        // Not connected yet: closing below is enough.
      }
      finish(failure);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('associationAccepted', () => {
      accepted = true;
    });
    client.on('associationRejected', () => {
      failure ??= new CoreError(
        'PACS_ASSOCIATION_REJECTED',
        `The PACS refused the association: check that it knows the AE title ${node.callingAe} and that its own AE title is ${node.calledAe}.`,
      );
    });
    client.on('networkError', (error: unknown) => {
      failure ??= networkError(error, node);
      finish(failure);
    });
    client.on('associationReleased', () => {
      if (!failure) finish();
    });
    client.on('closed', () => {
      if (failure) return finish(failure);
      // A release resolved already; a socket closed before it means the PACS went away mid-operation
      // (a peer that dies may close with FIN rather than a reset, so no network error comes first).
      finish(
        new CoreError(
          'PACS_CONNECTION_FAILED',
          accepted
            ? `The connection to the PACS at ${node.host}:${node.port} was lost before it finished.`
            : `The PACS at ${node.host}:${node.port} closed the connection without answering.`,
        ),
      );
    });
    if (spec.onStore) {
      const onStore = spec.onStore;
      client.on('cStoreRequest', (request: CStoreRequest, callback: (r: CStoreResponse) => void) => onStore(request, callback));
    }
    try {
      client.send(node.host, node.port, node.callingAe, node.calledAe, {
        connectTimeout: node.connectTimeoutS * 1000,
        associationTimeout: node.timeoutS * 1000,
        pduTimeout: node.timeoutS * 1000,
        logCommandDatasets: false,
        logDatasets: false,
        datasetReadOptions: rawStoreOptions(spec.receiveClasses),
      });
    } catch (error) {
      finish(networkError(error, node));
    }
  });
}
