import type { ErrorCode } from '../errors';
import type { EchoResult, PacsInstance, PacsQuery, PacsSeries, PacsStudy, RetrieveMethod } from './types';

/** Where retrieved instances go (the orchestrator writes them to the cache and counts them). */
export interface RetrieveSink {
  /** A received instance as a Part 10 file; resolves once it is stored (the PACS is answered after that). */
  received(instance: { sopInstanceUid: string; sopClassUid: string }, part10: Uint8Array): Promise<void>;
  /** The PACS reported this instance as not sent. */
  failed(sopInstanceUid: string, code: ErrorCode, message: string): void;
}

/**
 * One configured node, whatever its protocol. Query methods return every match (filtering to waveform
 * classes is the caller's); `retrieve` fetches the given instances, reports each through the sink, and
 * rejects with a coded error when the connection as a whole fails (the caller then marks every instance
 * still missing with that code).
 */
export interface PacsConnection {
  readonly methods: readonly RetrieveMethod[];
  echo(signal?: AbortSignal): Promise<EchoResult>;
  findStudies(query: PacsQuery, signal?: AbortSignal): Promise<PacsStudy[]>;
  findSeries(studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]>;
  findInstances(studyUids: readonly string[], seriesUid?: string, signal?: AbortSignal): Promise<PacsInstance[]>;
  /**
   * `wholeSeries`: series all of whose instances are being fetched, which a DIMSE node may then ask for in
   * one series-level request instead of one request per instance (far fewer round trips).
   */
  retrieve(instances: readonly PacsInstance[], method: RetrieveMethod, sink: RetrieveSink, signal?: AbortSignal, wholeSeries?: ReadonlySet<string>): Promise<void>;
}
