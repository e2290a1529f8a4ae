import type { ModelOptionsDto, PackInfoDto, PredictionDto, modelChannels } from '../../contract/model';
import { CoreError } from '../errors';
import { FolderHints } from '../files/folder-hints';
import { platformProviders } from '../model/engine/providers';
import type { LoadedEchoingModel } from '../model/model';
import { PackManager, type PackListing } from '../model/pack/manager';
import type { ExecutionProviderChoice, PredictionResult } from '../model/types';
import type { CoreDeps } from './deps';
import { readWithFolderHints } from './ecg-handlers';
import { confinedReader } from './read-roots';
import type { PartialHandlerMap } from './types';

const MAX_OCCLUSION_JOBS = 4;

function packDto(p: PackListing): PackInfoDto {
  const { dir: _dir, ...rest } = p;
  return rest;
}

/** A prediction as JSON (typed arrays become plain arrays). */
export function predictionDto(r: PredictionResult): PredictionDto {
  return { ...r, embedding: { mean: Array.from(r.embedding.mean), logvar: Array.from(r.embedding.logvar) } };
}

/** Model channels: pack list/activation, options, prediction, occlusion with progress and cancel. */
export function createModelHandlers(
  deps: CoreDeps,
  packs = new PackManager({ bundledModelsDir: deps.bundledModelsDir, dataDir: deps.dataDir }),
): PartialHandlerMap<keyof typeof modelChannels> {
  const jobs = new Map<string, AbortController>();

  const loaded = async (): Promise<LoadedEchoingModel | undefined> => packs.model().catch(() => undefined);

  const options = async (): Promise<ModelOptionsDto> => {
    const s = await packs.settings();
    const m = await loaded();
    const packDefault = m?.manifest.uncertainty.abstainPercentile ?? null;
    return {
      executionProvider: s.executionProvider,
      availableProviders: ['auto', ...(platformProviders() as ExecutionProviderChoice[])],
      activeProvider: m?.executionProvider ?? null,
      fallbacks: m?.fallbacks ?? [],
      abstainPercentile: s.abstainPercentile ?? packDefault ?? 90,
      packAbstainPercentile: packDefault,
    };
  };

  const folderHints = new FolderHints(deps.dataDir);
  // The hints remembered for the file's folder (a headerless CSV's sample rate) apply here as in ecg:open; every
  // read re-checks the roots (the file may have become a link since its token was handed out).
  const readToken = async (token: string) => (await readWithFolderHints(confinedReader(deps), folderHints, deps.files.resolve(token, 'file'))).record;

  return {
    'model:list': async () => {
      const list = await packs.list();
      return { packs: list.map(packDto), activeId: list.find((p) => p.active)?.id ?? null };
    },
    'model:activate': async ({ id }) => packDto(await packs.activate(id)),
    'model:options': async (req) => {
      const patch: Parameters<PackManager['updateSettings']>[0] = {};
      if (req.executionProvider !== undefined) patch.executionProvider = req.executionProvider;
      if (req.abstainPercentile !== undefined) patch.abstainPercentile = req.abstainPercentile;
      if (Object.keys(patch).length > 0) await packs.updateSettings(patch);
      return options();
    },
    'model:predict': async ({ token, windowStartS, topK }) => {
      const record = await readToken(token);
      const model = await packs.model();
      return predictionDto(await model.predict(record, { windowStartS, topK }));
    },
    'model:occlusion': async ({ token, jobId, windowStartS, regionS }, context) => {
      if (jobs.has(jobId)) throw new CoreError('BAD_REQUEST', 'An occlusion job with this id is already running.');
      if (jobs.size >= MAX_OCCLUSION_JOBS) throw new CoreError('BAD_REQUEST', 'Too many occlusion maps are running; wait or cancel one.');
      const ac = new AbortController();
      jobs.set(jobId, ac);
      try {
        const record = await readToken(token);
        const model = await packs.model();
        return await model.occlusion(record, {
          windowStartS,
          regionS,
          signal: ac.signal,
          onProgress: (done, total) => context.emit('model:occlusionProgress', { jobId, done, total }),
        });
      } finally {
        jobs.delete(jobId);
      }
    },
    'model:change': async ({ a, b }) => {
      const model = await packs.model();
      const g = (e: { mean: number[]; logvar: number[] }) => ({ mean: Float32Array.from(e.mean), logvar: Float32Array.from(e.logvar) });
      return model.compareEmbeddings(g(a), g(b));
    },
    'model:cancel': ({ jobId }) => {
      const ac = jobs.get(jobId);
      ac?.abort();
      return { cancelled: ac !== undefined };
    },
  };
}
