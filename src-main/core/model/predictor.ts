import type { EngineOutputs, InferenceEngine } from './engine/types';
import { type OcclusionMap, type OcclusionOptions, occlusionMap } from './occlusion';
import type { LibraryStudy, PackData } from './pack/load';
import { type PackManifest, quantizedEquivalent } from './pack/manifest';
import type { PreparedInput } from './preprocess/pipeline';
import { type AssembleInput, assemblePrediction, monteCarloSamples } from './results/assemble';
import { type HeadContext, librarySumExp } from './results/heads';
import { rankedRows, type RowLayout, rowLayout, sampleProducts } from './results/row-products';
import type { MatrixProduct } from './engine/types';
import { networkOutputProblem, predictionProblem } from './boundary-checks';
import type { ModelSummary, PredictionOutcome, PredictionResult } from './types';

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
  /**
   * Full predictions for preprocessed inputs, one outcome per window, in order: a record whose network outputs
   * or prediction fail the boundary checks gets its coded error instead.
   */
  predictInputs(inputs: Float32Array, windows: PreparedInput['window'][], settings: PredictSettings): Promise<PredictionOutcome[]>;
  occlusion(input: PreparedInput, options: OcclusionOptions): Promise<OcclusionMap>;
  dispose(): Promise<void>;
}

export function summaryOf(m: PackManifest): ModelSummary {
  const a = m.adaptation;
  const q = m.quantization;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    clinical: m.clinicalUse,
    clinicalUseStatement: m.clinicalUseStatement,
    licence: m.licence,
    ...(a ? { adaptedFrom: { id: a.basePack.id, name: a.basePack.name, version: a.basePack.version, site: a.site, createdAt: a.createdAt } } : {}),
    ...(q
      ? {
          quantization: {
            method: q.method, baseId: q.base.id, baseVersion: q.base.version, equivalent: quantizedEquivalent(q),
            meanCosine: q.agreement.meanCosine, minIdenticalCalls: Math.min(1, ...Object.values(q.agreement.identicalCalls)),
            fixedSetSize: q.agreement.n,
          },
        }
      : {}),
  };
}

type LibraryContext = NonNullable<HeadContext['library']> & { studies: LibraryStudy[] };

/** A loaded library with sum(exp(logvar)) per study, as the heads and retrieval read it. */
function headLibraryOf(lib: PackData['library'], dim: number): LibraryContext | undefined {
  return lib && { ...lib, sumExp: librarySumExp(lib.logvars, lib.studies.length, dim) };
}

/** One record's network outputs and window, as the post-processing takes them. */
type NetworkRecord = Pick<AssembleInput, 'window' | 'mean' | 'logvar' | 'stepLogvar'>;

/** Records whose Monte Carlo samples share one matrix product (bounds the float64 samples held at once). */
const PRODUCT_CHUNK = 8;

/** The heads' context of a loaded pack (libraries with their sum(exp(logvar)) per study). */
export function headContextOf(data: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library' | 'siteLibrary'>): HeadContext & { library?: LibraryContext; siteLibrary?: LibraryContext } {
  const site = headLibraryOf(data.siteLibrary, data.dim);
  return {
    dim: data.dim,
    prompts: data.prompts,
    intervalLevel: data.manifest.intervals.level,
    library: headLibraryOf(data.library, data.dim),
    ...(site ? { siteLibrary: site } : {}),
  };
}

/** A ModelHost over an engine in this thread (the worker's own implementation, and the fallback). */
export class Predictor implements ModelHost {
  private readonly manifest: PackManifest;
  private readonly summary: ModelSummary;
  private readonly ctx: HeadContext & { library?: LibraryContext; siteLibrary?: LibraryContext };
  private readonly perRecord: number;
  private heads: Promise<{ product: MatrixProduct; layout: RowLayout } | undefined> | undefined;
  private readonly spareBuffers: Float64Array[][] = [];

  constructor(
    data: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library' | 'siteLibrary'>,
    private readonly engine: InferenceEngine,
    private readonly maxBatch: number,
  ) {
    this.manifest = data.manifest;
    this.summary = summaryOf(data.manifest);
    this.perRecord = data.manifest.input.leads.length * data.manifest.input.samples;
    this.ctx = headContextOf(data);
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

  /**
   * The engine's matrix product over the ranked rows, made once (undefined when the engine has none, or it
   * cannot be made: the heads then rank in JavaScript, with the same outputs).
   */
  private headProducts(): Promise<{ product: MatrixProduct; layout: RowLayout } | undefined> {
    this.heads ??= (async () => {
      const blocks = rankedRows(this.manifest, this.ctx);
      if (blocks.length === 0 || !this.engine.matrixProduct) return undefined;
      const layout = rowLayout(blocks, this.ctx.dim);
      try {
        return { product: await this.engine.matrixProduct(layout.rows, layout.total, layout.dim), layout };
      } catch {
        return undefined;
      }
    })();
    return this.heads;
  }

  async predictInputs(inputs: Float32Array, windows: PreparedInput['window'][], settings: PredictSettings): Promise<PredictionOutcome[]> {
    if (windows.length === 0) return [];
    const o = await this.runInputs(inputs, windows.length);
    const [steps, d] = this.manifest.outputs.stepLogvar.dims as [number, number];
    const names = { mean: this.manifest.outputs.mean.name, logvar: this.manifest.outputs.logvar.name, stepLogvar: this.manifest.outputs.stepLogvar.name };
    const outcomes: PredictionOutcome[] = [];
    const sound: { at: number; record: NetworkRecord }[] = [];
    windows.forEach((window, j) => {
      const record = {
        window,
        mean: o.mean.slice(j * d, (j + 1) * d),
        logvar: o.logvar.slice(j * d, (j + 1) * d),
        stepLogvar: o.stepLogvar.subarray(j * steps * d, (j + 1) * steps * d),
      };
      // Outputs that fail the checks never reach the heads: their error is the record's outcome.
      const problem = networkOutputProblem(record, names);
      if (problem) outcomes[j] = { ok: false, error: problem };
      else sound.push({ at: j, record });
    });
    // Sample buffers are reused from chunk to chunk and call to call (nothing keeps them past
    // assemblePrediction); a call holds its own set, so calls interleaving at an await never share one.
    const buffers = this.spareBuffers.pop() ?? [];
    try {
      for (let c = 0; c < sound.length; c += PRODUCT_CHUNK) {
        const chunk = sound.slice(c, c + PRODUCT_CHUNK);
        const results = await this.predictChunk(chunk.map((s) => s.record), settings, buffers);
        chunk.forEach((s, i) => {
          const result = results[i] as PredictionResult;
          const problem = predictionProblem(result);
          outcomes[s.at] = problem ? { ok: false, error: problem } : { ok: true, result };
        });
      }
      return outcomes;
    } finally {
      this.spareBuffers.push(buffers);
    }
  }

  /** Monte Carlo samples, their matrix products (one run for the chunk) and the full predictions. */
  private async predictChunk(chunk: NetworkRecord[], settings: PredictSettings, buffers: Float64Array[]): Promise<PredictionResult[]> {
    const heads = await this.headProducts();
    const zs = chunk.map((r, i) => (buffers[i] = monteCarloSamples(this.manifest, r, buffers[i])));
    const products = heads ? await sampleProducts(heads.product, heads.layout, zs, this.manifest.intervals.samples) : undefined;
    return chunk.map((r, i) =>
      assemblePrediction({
        manifest: this.manifest,
        ctx: this.ctx,
        summary: this.summary,
        executionProvider: this.executionProvider,
        ...r,
        topK: settings.topK,
        abstainPercentile: settings.abstainPercentile,
        samples: { z: zs[i] as Float64Array, products: products?.[i] },
      }),
    );
  }

  occlusion(input: PreparedInput, options: OcclusionOptions): Promise<OcclusionMap> {
    return occlusionMap(input, this.manifest, (x, n) => this.runInputs(x, n), options);
  }

  async dispose(): Promise<void> {
    const heads = await this.heads;
    await heads?.product.dispose();
    await this.engine.dispose();
  }
}
