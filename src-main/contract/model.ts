import { z } from 'zod';
import type { EmbeddingChange } from '../core/model/results/change';
import type { ExecutionProviderChoice, OcclusionMap, PackListing, PredictionResult } from '../core/model/types';
import { channel, event } from './define';

// Model channels (packs, options, prediction, occlusion). Owned by the model runtime; see src-main/core/model/.

export type { EmbeddingChange };
export type {
  ExecutionProviderChoice, HeadPrediction, ModelSummary, OcclusionMap, SimilarReport, StepVariance, UncertaintyLevel,
} from '../core/model/types';

/** An installed pack as the renderer sees it (no file-system paths). */
export type PackInfoDto = Omit<PackListing, 'dir'>;

/** A prediction as JSON: the embedding as plain arrays. */
export type PredictionDto = Omit<PredictionResult, 'embedding'> & { embedding: { mean: number[]; logvar: number[] } };

export interface ModelOptionsDto {
  /** What the user chose. */
  executionProvider: ExecutionProviderChoice;
  /** Providers this platform can try. */
  availableProviders: ExecutionProviderChoice[];
  /** What actually runs (null until the model is loaded, e.g. when no pack is usable). */
  activeProvider: string | null;
  /** Providers `auto` tried first and why they were skipped. */
  fallbacks: { provider: string; reason: string }[];
  /** Percentile of the uncertainty reference from which the app abstains. */
  abstainPercentile: number;
  /** The active pack's default abstain percentile. */
  packAbstainPercentile: number | null;
}

export interface ModelListDto {
  packs: PackInfoDto[];
  activeId: string | null;
}

const token = z.string().min(1).max(200);
const jobId = z.string().min(1).max(100);
const windowStartS = z.number().finite().min(0).max(86_400).optional();
const providerChoice = z.enum(['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml']);
const vector = z.array(z.number().finite()).min(1).max(8192);
const embedding = z.object({ mean: vector, logvar: vector }).strict();

export const modelChannels = {
  /** Installed packs (bundled and user), broken ones with their error; which is active. */
  'model:list': channel<ModelListDto>()(z.object({}).strict()),
  /** Makes a pack active (hashes verified, network opened) and remembers the choice. */
  'model:activate': channel<PackInfoDto>()(z.object({ id: z.string().min(1).max(100) }).strict()),
  /** Reads (empty request) or changes the execution provider and the abstain percentile (null: pack default). */
  'model:options': channel<ModelOptionsDto>()(
    z
      .object({
        executionProvider: providerChoice.optional(),
        abstainPercentile: z.number().min(0).max(100).nullable().optional(),
      })
      .strict(),
  ),
  /** Runs the active pack on a handed-out ECG file. */
  'model:predict': channel<PredictionDto>()(
    z.object({ token, windowStartS, topK: z.number().int().min(0).max(50).optional() }).strict(),
  ),
  /** Occlusion map of the uncertainty; progress by 'model:occlusionProgress', cancel with 'model:cancel'. */
  'model:occlusion': channel<OcclusionMap>()(
    z.object({ token, jobId, windowStartS, regionS: z.number().min(0.1).max(10).optional() }).strict(),
  ),
  /** Whether two ECGs' embeddings (two predictions of the active pack) differ beyond the model's own uncertainty. */
  'model:change': channel<EmbeddingChange>()(z.object({ a: embedding, b: embedding }).strict()),
  /** Cancels a running occlusion job (its request then fails with CANCELLED). */
  'model:cancel': channel<{ cancelled: boolean }>()(z.object({ jobId }).strict()),
} as const;

export interface OcclusionProgress {
  jobId: string;
  done: number;
  total: number;
}

export const modelEvents = {
  'model:occlusionProgress': event<OcclusionProgress>(),
} as const;
