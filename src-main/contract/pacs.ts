import { z } from 'zod';
import type {
  EchoResult, PacsInstance, PacsNodeInfo, PacsSeries, PacsStudy, RetrieveProgress,
} from '../core/pacs/types';
import type { FileRef } from './app';
import { channel, event } from './define';

// PACS channels (nodes, test connection, query, retrieve into the local cache, open). Owned by src-main/core/pacs/.
//
// For other features (the comparison view): a patient's other ECGs on the default node are
//   invoke('pacs:find', { patientId })                        -> PacsStudy[] (waveformInstances counted)
//   invoke('pacs:retrieve', { studies: [{ studyUid }] })      -> { jobId }; progress by 'pacs:progress'
//     (one ECG only: { studyUid, seriesUid, sopInstanceUid }; 'pacs:job' then lists its file)
//   invoke('pacs:instances', { studyUid })                    -> PacsInstanceRow[], `file` set once cached
// then open a row's `file` with 'ecg:open' like any local file. `nodeId` is optional everywhere (default node).

export type {
  DicomwebNode, DimseNode, EchoResult, InstanceFailure, PacsInstance, PacsModality, PacsNode, PacsNodeInfo,
  PacsQuery, PacsSeries, PacsStudy, RetrieveMethod, RetrieveProgress, RetrieveState,
} from '../core/pacs/types';

const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ (at most 40)');
/** AE titles: up to 16 characters of the default repertoire, no backslash, not blank. */
const aeTitle = z.string().trim().min(1).max(16).regex(/^[\x20-\x5b\x5d-\x7e]+$/, 'printable ASCII without backslash');
const port = z.number().int().min(1).max(65535);
const seconds = z.number().min(1).max(3600);
const uid = z.string().regex(/^[0-9]+(\.[0-9]+)*$/).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const dimseNodeSchema = z
  .object({
    id: nodeId,
    name: z.string().trim().min(1).max(80),
    protocol: z.literal('dimse'),
    calledAe: aeTitle,
    host: z.string().trim().min(1).max(253),
    port,
    callingAe: aeTitle,
    retrieveMethod: z.enum(['get', 'move']).default('get'),
    movePort: port.default(11113),
    moveListenHost: z.string().trim().min(1).max(253).optional(),
    moveSourceAe: aeTitle.optional(),
    connectTimeoutS: seconds.default(10),
    timeoutS: seconds.default(30),
  })
  .strict();

export const dicomwebNodeSchema = z
  .object({
    id: nodeId,
    name: z.string().trim().min(1).max(80),
    protocol: z.literal('dicomweb'),
    baseUrl: z
      .string()
      .trim()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'http:// or https://')
      .refine((u) => !/^https?:\/\/[^/]*@/i.test(u), 'credentials belong in the secret, not in the URL'),
    auth: z.enum(['none', 'bearer', 'basic']).default('none'),
    username: z.string().max(200).optional(),
    caFile: z.string().min(1).max(4096).optional(),
    timeoutS: seconds.default(30),
  })
  .strict();

export const pacsNodeSchema = z.discriminatedUnion('protocol', [dimseNodeSchema, dicomwebNodeSchema]);

export const pacsQuerySchema = z
  .object({
    patientId: z.string().trim().min(1).max(64).optional(),
    patientName: z.string().trim().min(1).max(64).optional(),
    accession: z.string().trim().min(1).max(16).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    modalities: z.array(z.enum(['ECG', 'HD'])).min(1).max(2).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

/** A study (optionally one series of it, or one instance: a prior ECG chosen for comparison) to retrieve. */
const studyRef = z.object({ studyUid: uid, seriesUid: uid.optional(), sopInstanceUid: uid.optional() }).strict();

/** An instance of a study as the instance list shows it; `file` once it is in the local cache. */
export interface PacsInstanceRow extends PacsInstance {
  sopClassName: string;
  cached: boolean;
  file?: FileRef;
}

export interface PacsNodesDto {
  nodes: PacsNodeInfo[];
  defaultNodeId: string | null;
  /** How credentials are protected here: the OS secret store (Electron safeStorage) or a 0600 file. */
  secretProtection: string;
}

export const pacsChannels = {
  'pacs:nodes': channel<PacsNodesDto>()(z.object({}).strict()),
  /**
   * Adds or replaces a node. `secret` (bearer token or basic-auth password) goes to the secret store and is
   * never returned; `clearSecret` removes it.
   */
  'pacs:save-node': channel<PacsNodesDto>()(
    z
      .object({
        node: pacsNodeSchema,
        secret: z.string().min(1).max(8192).optional(),
        clearSecret: z.boolean().optional(),
        makeDefault: z.boolean().optional(),
      })
      .strict(),
  ),
  'pacs:delete-node': channel<PacsNodesDto>()(z.object({ nodeId }).strict()),
  /** Tests the connection (C-ECHO, or a QIDO query for DICOMweb); failures answer with their PACS_* code. */
  'pacs:echo': channel<EchoResult>()(z.object({ nodeId: nodeId.optional() }).strict()),
  /** Study-level query; each study's waveform instances are counted. `nodeId` absent: the default node. */
  'pacs:find': channel<PacsStudy[]>()(pacsQuerySchema.extend({ nodeId: nodeId.optional() }).strict()),
  /** Series of one study, with their waveform instance counts. */
  'pacs:series': channel<PacsSeries[]>()(z.object({ nodeId: nodeId.optional(), studyUid: uid }).strict()),
  /** Waveform instances of a study (or a series), with their cache state and, once cached, a file token. */
  'pacs:instances': channel<PacsInstanceRow[]>()(
    z.object({ nodeId: nodeId.optional(), studyUid: uid, seriesUid: uid.optional() }).strict(),
  ),
  /**
   * Retrieves the waveform instances of the given studies, or of every study a query matches (a date range
   * for a cohort), into the local cache. Progress by 'pacs:progress'; `jobId` answers at once.
   */
  'pacs:retrieve': channel<{ jobId: string }>()(
    z
      .object({
        nodeId: nodeId.optional(),
        studies: z.array(studyRef).min(1).max(10_000).optional(),
        query: pacsQuerySchema.optional(),
        method: z.enum(['get', 'move', 'wado']).optional(),
      })
      .strict()
      .refine((r) => (r.studies === undefined) !== (r.query === undefined), { message: 'Give studies or a query (one of them).' }),
  ),
  'pacs:cancel': channel<RetrieveProgress | null>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  /** A retrieve's progress; once done, `files` lists the cached instances it covered (for a cohort import). */
  'pacs:job': channel<RetrieveProgress & { files: FileRef[] }>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
} as const;

export const pacsEvents = {
  'pacs:progress': event<RetrieveProgress>(),
} as const;
