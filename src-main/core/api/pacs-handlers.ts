import type { FileRef } from '../../contract/app';
import type { PacsInstanceRow, PacsNodesDto, pacsChannels } from '../../contract/pacs';
import { CoreError } from '../errors';
import { InstanceCache } from '../pacs/cache';
import type { PacsConnection } from '../pacs/connection';
import { PacsNodeStore, type PacsConfig } from '../pacs/config';
import { RetrieveJobs } from '../pacs/jobs';
import { defaultMethod, withConnection } from '../pacs/open';
import { findSeriesWithCounts, findStudiesWithCounts, splitWaveforms } from '../pacs/query';
import { runRetrieve } from '../pacs/retrieve';
import { FileSecretStore, nodeSecretKey, type SecretStore } from '../pacs/secrets';
import type { PacsNode } from '../pacs/types';
import { sopClassName } from '../pacs/waveform-classes';
import type { CoreDeps } from './deps';
import type { PartialHandlerMap } from './types';

export interface PacsHandlerOptions {
  /** Where credentials live (Electron: the OS secret store; default: a 0600 file in the data folder). */
  secrets?: SecretStore;
}

/** PACS channels: nodes and their secrets, test connection, query with waveform counts, retrieve, cache. */
export function createPacsHandlers(deps: CoreDeps, options: PacsHandlerOptions = {}): PartialHandlerMap<keyof typeof pacsChannels> {
  const store = new PacsNodeStore(deps.dataDir);
  const secrets = options.secrets ?? deps.secrets ?? new FileSecretStore(deps.dataDir);
  const cache = new InstanceCache(deps.dataDir);
  const jobs = new RetrieveJobs();

  const dto = async (config: PacsConfig): Promise<PacsNodesDto> => ({
    nodes: await Promise.all(
      config.nodes.map(async (n) => ({ ...n, hasSecret: n.protocol === 'dicomweb' && (await secrets.get(nodeSecretKey(n.id)).catch(() => undefined)) !== undefined })),
    ),
    defaultNodeId: config.defaultNodeId,
    secretProtection: secrets.protection,
  });

  const handOutCached = async (sopInstanceUid: string): Promise<FileRef | undefined> => {
    const size = await cache.size(sopInstanceUid);
    return size === undefined ? undefined : deps.files.handOut(cache.pathOf(sopInstanceUid), 'file', size);
  };

  const connect = async <T>(nodeId: string | undefined, work: (node: PacsNode, c: PacsConnection) => Promise<T>) => {
    const node = await store.node(nodeId);
    return withConnection(node, secrets, (c) => work(node, c));
  };

  return {
    'pacs:nodes': async () => dto(await store.load()),
    'pacs:save-node': async ({ node, secret, clearSecret, makeDefault }) => {
      if (node.protocol === 'dicomweb' && node.auth === 'basic' && !node.username) {
        throw new CoreError('BAD_REQUEST', 'Basic authentication needs a user name.');
      }
      if (secret !== undefined) await secrets.set(nodeSecretKey(node.id), secret);
      else if (clearSecret) await secrets.delete(nodeSecretKey(node.id));
      return dto(await store.upsert(node, makeDefault ?? false));
    },
    'pacs:delete-node': async ({ nodeId }) => {
      await secrets.delete(nodeSecretKey(nodeId));
      return dto(await store.remove(nodeId));
    },
    'pacs:echo': ({ nodeId }) => connect(nodeId, (_n, c) => c.echo()),
    'pacs:find': ({ nodeId, ...query }) => connect(nodeId, (_n, c) => findStudiesWithCounts(c, query)),
    'pacs:series': ({ nodeId, studyUid }) => connect(nodeId, (_n, c) => findSeriesWithCounts(c, studyUid)),
    'pacs:instances': ({ nodeId, studyUid, seriesUid }) =>
      connect(nodeId, async (_n, c) => {
        const { waveforms } = splitWaveforms(await c.findInstances([studyUid], seriesUid));
        const rows: PacsInstanceRow[] = [];
        for (const i of waveforms) {
          const file = await handOutCached(i.sopInstanceUid);
          rows.push({ ...i, sopClassName: sopClassName(i.sopClassUid), cached: file !== undefined, ...(file ? { file } : {}) });
        }
        return rows.sort((a, b) => a.seriesUid.localeCompare(b.seriesUid) || Number(a.instanceNumber) - Number(b.instanceNumber));
      }),
    'pacs:retrieve': async ({ nodeId, studies, query, method }, ctx) => {
      const node = await store.node(nodeId);
      const chosen = method ?? defaultMethod(node);
      if ((node.protocol === 'dicomweb') !== (chosen === 'wado')) {
        throw new CoreError('BAD_REQUEST', node.protocol === 'dicomweb' ? 'A DICOMweb node retrieves with WADO-RS.' : 'A DIMSE node retrieves with C-GET or C-MOVE.');
      }
      const { jobId } = jobs.start(
        (id, signal, onProgress) =>
          withConnection(node, secrets, (c) =>
            runRetrieve(c, cache, { jobId: id, nodeId: node.id, method: chosen, studies, query }, { signal, onProgress }),
          ),
        (p) => ctx.emit('pacs:progress', p),
      );
      return { jobId };
    },
    'pacs:cancel': ({ jobId }) => {
      jobs.cancel(jobId);
      return jobs.progress(jobId);
    },
    'pacs:job': async ({ jobId }) => {
      const progress = jobs.progress(jobId);
      if (!progress) throw new CoreError('BAD_REQUEST', 'There is no retrieve with this id (it may have been started by an earlier run).');
      const files: FileRef[] = [];
      for (const i of jobs.outcome(jobId)?.instances ?? []) {
        const file = await handOutCached(i.sopInstanceUid);
        if (file) files.push(file);
      }
      return { ...progress, files };
    },
  };
}
