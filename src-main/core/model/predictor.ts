import type { EngineOutputs, InferenceEngine } from './engine/types';
import { type OcclusionMap, type OcclusionOptions, occlusionMap } from './occlusion';
import type { LibraryStudy, PackData } from './pack/load';
import type { PackManifest } from './pack/manifest';
import type { PreparedInput } from './preprocess/pipeline';
import { assemblePrediction } from './results/assemble';
import { type HeadContext, librarySumExp } from './results/heads';
import type { ModelSummary, PredictionResult } from './types';

/** Per-call settings of a prediction (the model's abstain percentile can change between calls). */
export interface PredictSettings {
  topK: number;
  abstainPercentile: number;
}

/**
 * Everything after preprocessing: network runs in batches, then post-processing (uncertainty, Monte Carlo
 * head intervals, prompt regression, kNN, retrieval, step variance) and occlusion. The app runs it inside the
 * engine's worker thread (model-worker.ts), so none of this CPU work lands on the caller's event loop; the
 * in-thread fallback (tests, tsx, fake engines) runs the very same code, so both paths give identical results.
 */
export interface ModelHost {
  readonly executionProvider: string;
  readonly fallbacks: { provider: string; reason: string }[];
  /** Network outputs for preprocessed inputs ([n x leads x samples]), in batches of at most maxBatch. */
  runInputs(inputs: Float32Array, n: number): Promise<EngineOutputs>;
  /** Full predictions for preprocessed inputs, one per window, in order. */
  predictInputs(inputs: Float32Array, windows: PreparedInput['window'][], settings: PredictSettings): Promise<PredictionResult[]>;
  occlusion(input: PreparedInput, options: OcclusionOptions): Promise<OcclusionMap>;
  dispose(): Promise<void>;
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

type LibraryContext = NonNullable<HeadContext['library']> & { studies: LibraryStudy[] };

/** A ModelHost over an engine in this thread (the worker's own implementation, and the fallback). */
export class Predictor implements ModelHost {
  private readonly manifest: PackManifest;
  private readonly summary: ModelSummary;
  private readonly ctx: HeadContext & { library?: LibraryContext };
  private readonly perRecord: number;

  constructor(
    data: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library'>,
    private readonly engine: InferenceEngine,
    private readonly maxBatch: number,
  ) {
    this.manifest = data.manifest;
    this.summary = summaryOf(data.manifest);
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

  async predictInputs(inputs: Float32Array, windows: PreparedInput['window'][], settings: PredictSettings): Promise<PredictionResult[]> {
    if (windows.length === 0) return [];
    const o = await this.runInputs(inputs, windows.length);
    const [steps, d] = this.manifest.outputs.stepLogvar.dims as [number, number];
    return windows.map((window, j) =>
      assemblePrediction({
        manifest: this.manifest,
        ctx: this.ctx,
        summary: this.summary,
        executionProvider: this.executionProvider,
        window,
        mean: o.mean.slice(j * d, (j + 1) * d),
        logvar: o.logvar.slice(j * d, (j + 1) * d),
        stepLogvar: o.stepLogvar.subarray(j * steps * d, (j + 1) * steps * d),
        topK: settings.topK,
        abstainPercentile: settings.abstainPercentile,
      }),
    );
  }

  occlusion(input: PreparedInput, options: OcclusionOptions): Promise<OcclusionMap> {
    return occlusionMap(input, this.manifest, (x, n) => this.runInputs(x, n), options);
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}
