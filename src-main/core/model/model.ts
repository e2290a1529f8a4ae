import type { EcgRecord } from '../ecg/record';
import { CoreError, type ErrorValue } from '../errors';
import { createOrtEngine } from './engine/engine-worker';
import type { EngineFactory, EngineOutputs, InferenceEngine } from './engine/types';
import { type OcclusionMap, type OcclusionOptions, occlusionMap } from './occlusion';
import { type PackData, loadPackData } from './pack/load';
import type { PackManifest } from './pack/manifest';
import { PreprocessPool } from './preprocess-pool';
import type { InputContract, PreparedInput } from './preprocess/pipeline';
import { assemblePrediction } from './results/assemble';
import { type HeadContext, librarySumExp } from './results/heads';
import type { EchoingModel, ExecutionProviderChoice, ModelSummary, PredictionResult, PredictOptions } from './types';

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

/** One record's outcome when a batch is allowed to contain unreadable records. */
export type PredictionOutcome = { ok: true; result: PredictionResult } | { ok: false; error: ErrorValue };

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
}

export function summaryOf(m: PackManifest): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    clinical: m.clinicalUse,
    clinicalUseStatement: m.clinicalUseStatement,
    licence: m.licence,
  };
}

export function contractOf(m: PackManifest): InputContract {
  return m.input;
}

class PackModel implements LoadedEchoingModel {
  readonly summary: ModelSummary;
  readonly manifest: PackManifest;
  readonly dir: string;
  abstainPercentile: number;
  private readonly ctx: HeadContext & { library?: NonNullable<HeadContext['library']> & { studies: NonNullable<PackData['library']>['studies'] } };
  private readonly perRecord: number;

  constructor(
    data: PackData,
    private readonly engine: InferenceEngine,
    private readonly pool: PreprocessPool,
    private readonly ownsPool: boolean,
    private readonly maxBatch: number,
    abstain: number | undefined,
  ) {
    this.manifest = data.manifest;
    this.dir = data.dir;
    this.summary = summaryOf(data.manifest);
    this.abstainPercentile = abstain ?? data.manifest.uncertainty.abstainPercentile;
    this.perRecord = data.manifest.input.leads.length * data.manifest.input.samples;
    const lib = data.library;
    this.ctx = {
      dim: data.dim,
      prompts: data.prompts,
      intervalLevel: data.manifest.intervals.level,
      library: lib && { ...lib, sumExp: librarySumExp(lib.logvars, lib.studies.length, data.dim) },
    };
  }

  get executionProvider(): string {
    return this.engine.executionProvider;
  }

  get fallbacks(): { provider: string; reason: string }[] {
    return this.engine.fallbacks;
  }

  async runInputs(inputs: Float32Array, n: number): Promise<EngineOutputs> {
    const [steps, d] = this.manifest.outputs.stepLogvar.dims as [number, number];
    const mean = new Float32Array(n * d);
    const logvar = new Float32Array(n * d);
    const stepLogvar = new Float32Array(n * steps * d);
    for (let i = 0; i < n; i += this.maxBatch) {
      const b = Math.min(this.maxBatch, n - i);
      const out = await this.engine.run(inputs.subarray(i * this.perRecord, (i + b) * this.perRecord), b);
      mean.set(out.mean, i * d);
      logvar.set(out.logvar, i * d);
      stepLogvar.set(out.stepLogvar, i * steps * d);
    }
    return { batch: n, mean, logvar, stepLogvar };
  }

  async predictSettled(records: EcgRecord[], options: PredictOptions = {}): Promise<PredictionOutcome[]> {
    const prepared = await this.pool.run(records, contractOf(this.manifest), options.windowStartS ?? 0);
    const okIdx = prepared.flatMap((p, i) => (p.ok ? [i] : []));
    const inputs = new Float32Array(okIdx.length * this.perRecord);
    okIdx.forEach((i, j) => inputs.set((prepared[i] as { input: PreparedInput }).input.data, j * this.perRecord));
    const out = okIdx.length > 0 ? await this.runInputs(inputs, okIdx.length) : undefined;
    const [steps, d] = this.manifest.outputs.stepLogvar.dims as [number, number];
    return prepared.map((p, i) => {
      if (!p.ok) return { ok: false, error: p.error };
      const j = okIdx.indexOf(i);
      const o = out as EngineOutputs;
      const result = assemblePrediction({
        manifest: this.manifest,
        ctx: this.ctx,
        summary: this.summary,
        executionProvider: this.executionProvider,
        window: p.input.window,
        mean: o.mean.slice(j * d, (j + 1) * d),
        logvar: o.logvar.slice(j * d, (j + 1) * d),
        stepLogvar: o.stepLogvar.subarray(j * steps * d, (j + 1) * steps * d),
        topK: options.topK ?? 5,
        abstainPercentile: this.abstainPercentile,
      });
      return { ok: true, result };
    });
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
    return occlusionMap(p.input, this.manifest, (x, n) => this.runInputs(x, n), options);
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
    if (this.ownsPool) await this.pool.dispose();
  }
}

/** Loads a pack (manifest, hashes, data), opens its network on the chosen provider, and returns the model. */
export async function loadModel(packDir: string, options: LoadModelOptions = {}): Promise<LoadedEchoingModel> {
  const data = await loadPackData(packDir);
  const m = data.manifest;
  const factory = options.engineFactory ?? createOrtEngine;
  const engine = await factory(
    { modelPath: data.modelPath, inputName: m.input.name, inputDims: [m.input.leads.length, m.input.samples], outputs: m.outputs },
    { executionProvider: options.executionProvider ?? 'auto', threads: options.threads },
  );
  const pool = options.pool ?? new PreprocessPool();
  return new PackModel(data, engine, pool, options.pool === undefined, options.maxBatch ?? 32, options.abstainPercentile);
}
