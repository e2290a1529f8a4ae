/**
 * The PACS domain's data: configured nodes, queries and their results, retrieval progress. Shared by the
 * DIMSE and DICOMweb clients, the API handlers, the CLI and (as types) the renderer.
 */
import type { ErrorCode } from '../errors';

export type RetrieveMethod = 'get' | 'move' | 'wado';

interface NodeBase {
  /** Stable id (letters, digits, - and _), used by the CLI's --node and in the secret store's keys. */
  id: string;
  /** What the settings screen shows. */
  name: string;
}

/** A DIMSE peer (C-ECHO, C-FIND, C-GET, C-MOVE). */
export interface DimseNode extends NodeBase {
  protocol: 'dimse';
  /** The PACS's AE title (the called AE). */
  calledAe: string;
  host: string;
  port: number;
  /** Our AE title (the calling AE, and the C-MOVE destination the PACS must know). */
  callingAe: string;
  /** How instances are retrieved: C-GET on the query association, or C-MOVE to our storage SCP. */
  retrieveMethod: 'get' | 'move';
  /** Port of our storage SCP for C-MOVE (started only while a C-MOVE runs). */
  movePort: number;
  /**
   * Interface the storage SCP binds to; absent: the local address this machine uses to reach the PACS
   * (never every interface).
   */
  moveListenHost?: string;
  /** AE title the PACS calls our storage SCP with (default: its own called AE title); any other is refused. */
  moveSourceAe?: string;
  /** Seconds to open the TCP connection. */
  connectTimeoutS: number;
  /** Seconds without an answer (association, each PDU) before the operation fails with PACS_TIMEOUT. */
  timeoutS: number;
}

/** A DICOMweb service (QIDO-RS to query, WADO-RS to retrieve). */
export interface DicomwebNode extends NodeBase {
  protocol: 'dicomweb';
  /** Base URL of the service, e.g. https://pacs.example/dicom-web (QIDO and WADO paths are appended). */
  baseUrl: string;
  auth: 'none' | 'bearer' | 'basic';
  /** User name for basic auth (the password, like a bearer token, is kept in the secret store). */
  username?: string;
  /** PEM file of the certificate authority that signed the server's certificate (private hospital CAs). */
  caFile?: string;
  timeoutS: number;
}

export type PacsNode = DimseNode | DicomwebNode;

/** A node as the renderer sees it: the secret itself never leaves the core. */
export type PacsNodeInfo = PacsNode & { hasSecret: boolean };

export type PacsModality = 'ECG' | 'HD';

export interface PacsQuery {
  patientId?: string;
  /** DICOM name matching: `*` and `?` wildcards; a name without wildcards matches as a prefix. */
  patientName?: string;
  accession?: string;
  /** First study date, YYYY-MM-DD (inclusive). */
  from?: string;
  /** Last study date, YYYY-MM-DD (inclusive). */
  to?: string;
  /** Studies holding at least one series of these modalities (default ECG and HD). */
  modalities?: PacsModality[];
  /** Most studies returned (default 200). */
  limit?: number;
}

export interface PacsStudy {
  studyUid: string;
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
  /** YYYY-MM-DD, or '' when the PACS has none. */
  studyDate: string;
  /** HH:MM[:SS], or ''. */
  studyTime: string;
  accession: string;
  description: string;
  modalities: string[];
  /** All instances of the study as the PACS counts them (null when it does not say). */
  instances: number | null;
  /** Instances of a waveform SOP class the app retrieves (null when counts were not asked for). */
  waveformInstances: number | null;
}

export interface PacsSeries {
  studyUid: string;
  seriesUid: string;
  modality: string;
  seriesNumber: string;
  description: string;
  instances: number | null;
  waveformInstances: number | null;
}

export interface PacsInstance {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: string;
}

export interface EchoResult {
  protocol: PacsNode['protocol'];
  /** Round trip of the C-ECHO (or the QIDO query), milliseconds. */
  milliseconds: number;
  /** What answered, without patient data (e.g. "C-ECHO accepted by ORTHANC"). */
  detail: string;
}

/** One instance that could not be retrieved, with why. */
export interface InstanceFailure {
  sopInstanceUid: string;
  code: ErrorCode;
  message: string;
}

export type RetrieveState = 'running' | 'done' | 'cancelled' | 'failed';

export interface RetrieveProgress {
  jobId: string;
  nodeId: string;
  method: RetrieveMethod;
  state: RetrieveState;
  /** Waveform instances to fetch, once known (null while the studies are being listed). */
  total: number | null;
  /** Instances fetched in this run. */
  retrieved: number;
  /** Instances already in the local cache (not fetched again). */
  cached: number;
  failed: number;
  /** Non-waveform instances of the studies that were left on the PACS. */
  skippedNonWaveform: number;
  bytes: number;
  instancesPerSecond: number;
  failures: InstanceFailure[];
  /** The job-level error when the whole retrieve failed (no study listed, association refused ...). */
  error?: { code: ErrorCode; message: string };
}

/** What the API hands out for a cached instance: identifiers plus the token of its file. */
export interface CachedInstanceRef {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}
