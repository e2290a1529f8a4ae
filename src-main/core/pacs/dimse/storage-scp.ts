import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { CoreError } from '../../errors';
import { ACCEPTED_TRANSFER_SYNTAXES, isRetrievedSopClass } from '../waveform-classes';
import { storeIncoming, type StoreCheck } from './get';
import { dimse, rawStoreOptions } from './library';

const { PresentationContextResult, RejectReason, RejectResult, RejectSource, SopClass, Status } = dimse.constants;
const VERIFICATION = SopClass.Verification;

export interface StorageScpOptions extends StoreCheck {
  /** Interface to bind (one address, never all of them). */
  host: string;
  port: number;
  /** Our AE title: the called AE an incoming association must name. */
  ourAe: string;
  timeoutS: number;
}

export interface StorageScp {
  /** Associations refused (unknown AE titles), for the log-free diagnosis a test or the UI can show. */
  readonly refusedAssociations: number;
  close(): Promise<void>;
}

/**
 * The local address this machine uses to reach `host` (a UDP "connect" sends nothing; it only asks the
 * routing table). The C-MOVE storage SCP binds there by default, so it listens on the one interface that
 * faces the PACS rather than on every interface.
 */
export function localAddressFacing(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const done = (address: string) => {
      socket.close();
      resolve(address);
    };
    socket.once('error', () => done('127.0.0.1'));
    socket.connect(port, host, () => done(socket.address().address));
  });
}

/**
 * Starts the storage SCP that receives a C-MOVE's instances: bound to one interface, accepting only
 * associations from the PACS's AE title to ours, only waveform storage classes (and C-ECHO), and only the
 * instances this retrieve asked for. Runs only while a C-MOVE runs: the caller closes it right after.
 */
export async function startStorageScp(options: StorageScpOptions): Promise<StorageScp> {
  let refused = 0;
  const sockets = new Set<Socket>();
  const same = (a: string, b: string) => a.trim() === b.trim();

  class MoveDestinationScp extends dimse.Scp {
    override associationRequested(association: dimse.association.Association) {
      if (!same(association.getCalledAeTitle(), options.ourAe)) {
        refused += 1;
        return this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized);
      }
      if (!same(association.getCallingAeTitle(), options.sourceAe)) {
        refused += 1;
        return this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeNotRecognized);
      }
      for (const { id } of association.getPresentationContexts() as { id: number }[]) {
        const context = association.getPresentationContext(id);
        const abstract = context.getAbstractSyntaxUid();
        if (abstract !== VERIFICATION && !isRetrievedSopClass(abstract)) {
          context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
          continue;
        }
        const offered = context.getTransferSyntaxUids();
        const ts = ACCEPTED_TRANSFER_SYNTAXES.find((t) => offered.includes(t));
        if (ts) context.setResult(PresentationContextResult.Accept, ts);
        else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
      }
      this.sendAssociationAccept();
    }

    override associationReleaseRequested() {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(request: InstanceType<typeof dimse.requests.CEchoRequest>, callback: (r: InstanceType<typeof dimse.responses.CEchoResponse>) => void) {
      const response = dimse.responses.CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override cStoreRequest(request: InstanceType<typeof dimse.requests.CStoreRequest>, callback: (r: InstanceType<typeof dimse.responses.CStoreResponse>) => void) {
      void storeIncoming(request, options).then(callback);
    }

    override abort() {
      // The PACS aborted: the C-MOVE's own association reports the outcome.
    }

    override cCancelRequest() {
      // Nothing runs on this side to cancel.
    }
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const scp = new MoveDestinationScp(socket, {
      associationTimeout: options.timeoutS * 1000,
      pduTimeout: options.timeoutS * 1000,
      logCommandDatasets: false,
      logDatasets: false,
      datasetReadOptions: rawStoreOptions(),
    }) as unknown as { connected: boolean; on(e: string, f: () => void): void };
    scp.connected = true;
    scp.on('networkError', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CoreError(
          'PACS_LISTEN_FAILED',
          error.code === 'EADDRINUSE'
            ? `Port ${options.port} is in use, so the C-MOVE destination cannot start: choose another port (and tell the PACS).`
            : `The C-MOVE destination cannot listen on ${options.host}:${options.port} (${error.code ?? 'error'}).`,
          error,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    get refusedAssociations() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
