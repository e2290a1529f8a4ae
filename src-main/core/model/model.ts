import { existsSync } from 'node:fs';
import type { EcgRecord } from '../ecg/record';
import { CoreError } from '../errors';
import { createOrtEngineInThread } from './engine/ort-engine';
import type { EngineFactory, EngineOutputs } from './engine/types';
import { startModelHost } from './model-worker';
import type { OcclusionMap, OcclusionOptions } from './occlusion';
import { type ChangeBasis, type EmbeddingChange, embeddingChange, fullBasis, libraryBasis, vectorsBasis } from './results/change';
import type { Gaussian } from './results/gaussian';
import { type PackData, loadPackData } from './pack/load';
import type { PackManifest } from './pack/manifest';
import { checkPackNetwork } from './pack/network-check';
import { type ModelHost, Predictor, summaryOf } from './predictor';
import { PreprocessPool } from './preprocess-pool';
import type { InputContract } from './preprocess/pipeline';
import { findWorkerScript } from './worker-script';
import type { EchoingModel, ExecutionProviderChoice, ModelSummary, PredictionOutcome, PredictionResult, PredictOptions } from './types';

export interface LoadModelOptions {
  executionProvider?: ExecutionProviderChoice;
  /** Replaces onnxruntime (tests). */
  engineFactory?: EngineFactory;
  /** Shared preprocessing pool; one is created (and disposed with the model) when absent. */
  pool?: PreprocessPool;
  /** Percentile from which the uncertainty level is 'abstain' (default: the pack's). */
  abstainPercentile?: number;
  /** Largest batch one session run takes. */
  maxBatch?: number;
  threads?: number;
}

export type { PredictionOutcome };

/** The runtime's model: EchoingModel plus the settled batch, raw embedding and occlusion calls. */
export interface LoadedEchoingModel extends EchoingModel {
  readonly manifest: PackManifest;
  readonly dir: string;
  readonly fallbacks: { provider: string; reason: string }[];
  abstainPercentile: number;
  predictSettled(records: EcgRecord[], options?: PredictOptions): Promise<PredictionOutcome[]>;
  /** Network outputs for already-preprocessed inputs ([n x 12 x 1000]), batched. */
  runInputs(inputs: Float32Array, n: number): Promise<EngineOutputs>;
  occlusion(record: EcgRecord, options?: OcclusionOptions): Promise<OcclusionMap>;
  /** Whether two of this pack's embeddings differ beyond the model's own uncertainty (results/change.ts). */
  compareEmbeddings(a: Gaussian, b: Gaussian): EmbeddingChange;
}

/** The directions a pack's change test uses: its library's principal directions, else its logistic heads'. */
export function changeBasisOf(data: Pick<PackData, 'dim' | 'library' | 'manifest'>): ChangeBasis {
  if (data.library && data.library.studies.length > 2) return libraryBasis(data.library.means, data.library.studies.length, data.dim);
  const weights = data.manifest.heads.flatMap((h) => (h.kind === 'logistic' ? [h.weights] : []));
  return weights.length > 0 ? vectorsBasis(weights, data.dim) : fullBasis(data.dim);
}

export { summaryOf };

export function contractOf(m: PackManifest): InputContract {
  return m.input;
}

/**
 * The model above a ModelHost: preprocessing in the pool's workers, network and post-processing in the host
 * (the engine's worker thread in the app), so this thread only hands over inputs and receives results.
 */
class PackModel implements LoadedEchoingModel {
  readonly summary: ModelSummary;
  readonly manifest: PackManifest;
  readonly dir: string;
  abstainPercentile: number;
  private readonly perRecord: number;
  private basis: ChangeBasis | undefined;
  private readonly basisSource: Pick<PackData, 'dim' | 'library' | 'manifest'>;

  constructor(
    data: PackData,
    private readonly host: ModelHost,
    private readonly pool: PreprocessPool,
    private readonly ownsPool: boolean,
    abstain: number | undefined,
  ) {
    this.manifest = data.manifest;
    this.dir = data.dir;
    this.summary = summaryOf(data.manifest);
    this.abstainPercentile = abstain ?? data.manifest.uncertainty.abstainPercentile;
    this.perRecord = data.manifest.input.leads.length * data.manifest.input.samples;
    this.basisSource = data;
  }

  compareEmbeddings(a: Gaussian, b: Gaussian): EmbeddingChange {
    const dim = this.basisSource.dim;
    for (const g of [a, b]) {
      if (g.mean.length !== dim || g.logvar.length !== dim) {
        throw new CoreError('BAD_REQUEST', `These predictions do not come from this model pack (its embeddings have ${dim} dimensions).`);
      }
      if (!g.mean.every(Number.isFinite) || !g.logvar.every(Number.isFinite)) throw new CoreError('BAD_REQUEST', 'An embedding holds non-finite values.');
    }
    // Built on first use (a fraction of a second for a 400-study library), then kept with the pack.
    this.basis ??= changeBasisOf(this.basisSource);
    return embeddingChange(a, b, this.basis);
  }

  get executionProvider(): string {
    return this.host.executionProvider;
  }

  get fallbacks(): { provider: string; reason: string }[] {
    return this.host.fallbacks;
  }

  runInputs(inputs: Float32Array, n: number): Promise<EngineOutputs> {
    return this.host.runInputs(inputs, n);
  }

  async predictSettled(records: EcgRecord[], options: PredictOptions = {}): Promise<PredictionOutcome[]> {
    const prepared = await this.pool.run(records, contractOf(this.manifest), options.windowStartS ?? 0);
    const ok = prepared.flatMap((p) => (p.ok ? [p.input] : []));
    const inputs = new Float32Array(ok.length * this.perRecord);
    ok.forEach((p, j) => inputs.set(p.data, j * this.perRecord));
    const settings = { topK: options.topK ?? 5, abstainPercentile: this.abstainPercentile };
    const outcomes = ok.length > 0 ? await this.host.predictInputs(inputs, ok.map((p) => p.window), settings) : [];
    let j = 0;
    return prepared.map((p): PredictionOutcome => (p.ok ? (outcomes[j++] as PredictionOutcome) : { ok: false, error: p.error }));
  }

  async predictBatch(records: EcgRecord[], options?: PredictOptions): Promise<PredictionResult[]> {
    const outcomes = await this.predictSettled(records, options);
    return outcomes.map((o) => {
      if (!o.ok) throw new CoreError(o.error.code, o.error.message);
      return o.result;
    });
  }

  async predict(record: EcgRecord, options?: PredictOptions): Promise<PredictionResult> {
    const [r] = await this.predictBatch([record], options);
    return r as PredictionResult;
  }

  async occlusion(record: EcgRecord, options: OcclusionOptions = {}): Promise<OcclusionMap> {
    const [p] = await this.pool.run([record], contractOf(this.manifest), options.windowStartS ?? 0);
    if (!p?.ok) throw new CoreError(p?.error.code ?? 'INTERNAL', p?.error.message ?? 'Preprocessing failed.');
    return this.host.occlusion(p.input, options);
  }

  async dispose(): Promise<void> {
    await this.host.dispose();
    if (this.ownsPool) await this.pool.dispose();
  }
}

/**
 * The host for a pack: a given engine factory (tests) runs in this thread; otherwise onnxruntime and the
 * post-processing run together in the built worker, or, from sources (vitest, tsx), in this thread.
 */
async function openHost(data: PackData, options: LoadModelOptions, maxBatch: number): Promise<ModelHost> {
  const m = data.manifest;
  const spec = { modelPath: data.modelPath, inputName: m.input.name, inputDims: [m.input.leads.length, m.input.samples], outputs: m.outputs };
  const engineOptions = { executionProvider: options.executionProvider ?? 'auto', threads: options.threads };
  if (options.engineFactory) return new Predictor(data, await options.engineFactory(spec, engineOptions), maxBatch);
  // Set in this thread: a worker's process.env is its own copy, but onnxruntime reads the process environment.
  process.env.ORT_DISABLE_TELEMETRY = '1';
  const path = findWorkerScript();
  if (path && existsSync(path)) {
    const pack = { manifest: m, dim: data.dim, prompts: data.prompts, library: data.library, siteLibrary: data.siteLibrary };
    return startModelHost(path, { role: 'model', spec, options: engineOptions, pack, maxBatch });
  }
  return new Predictor(data, await createOrtEngineInThread(spec, engineOptions), maxBatch);
}

/** Loads a pack (manifest, hashes, data), opens its network on the chosen provider, and returns the model. */
export async function loadModel(packDir: string, options: LoadModelOptions = {}): Promise<LoadedEchoingModel> {
  const data = await loadPackData(packDir);
  const host = await openHost(data, options, options.maxBatch ?? 32);
  try {
    await checkPackNetwork(data.manifest, (x, n) => host.runInputs(x, n));
  } catch (error) {
    await host.dispose();
    throw error;
  }
  const pool = options.pool ?? new PreprocessPool();
  return new PackModel(data, host, pool, options.pool === undefined, options.abstainPercentile);
}
