import { availableParallelism } from 'node:os';
import { CoreError } from '../../errors';
import { rowProductModel } from './matmul-graph';
import { providerPlan } from './providers';
import type { EngineFactory, EngineOptions, EngineOutputs, EngineSpec, InferenceEngine, MatrixProduct } from './types';

import type * as OrtModule from 'onnxruntime-node';

type Ort = typeof OrtModule;
type Session = OrtModule.InferenceSession;

let ortPromise: Promise<Ort> | undefined;

/**
 * Loads onnxruntime-node once, with its telemetry switched off first (it would otherwise write a device id
 * under the user's cache folder). This module is the only place that imports onnxruntime.
 */
export function loadOrt(): Promise<Ort> {
  process.env.ORT_DISABLE_TELEMETRY = '1';
  ortPromise ??= import('onnxruntime-node').then((m) => {
    const ort = ((m as { default?: Ort }).default ?? m) as Ort;
    ort.env.logLevel = 'error';
    return ort;
  });
  return ortPromise;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

function dimsMatch(actual: ReadonlyArray<number | string>, expected: number[]): boolean {
  // actual is [batch, ...dims]; the batch axis must be dynamic (a name) or any size.
  if (actual.length !== expected.length + 1) return false;
  return expected.every((d, i) => {
    const a = actual[i + 1];
    return typeof a === 'string' || a === d;
  });
}

/** MODEL_SHAPE_MISMATCH unless the graph's inputs and outputs are what the manifest states. */
function checkSession(session: Session, spec: EngineSpec): void {
  const fail = (what: string): never => {
    throw new CoreError('MODEL_SHAPE_MISMATCH', `The model pack's network does not match its manifest: ${what}.`);
  };
  const input = session.inputMetadata.find((m) => m.name === spec.inputName);
  if (!input) fail(`no input named "${spec.inputName}"`);
  if (input?.isTensor && !dimsMatch(input.shape, spec.inputDims)) {
    fail(`input shape [${input.shape.join(', ')}] is not [B, ${spec.inputDims.join(', ')}]`);
  }
  for (const o of Object.values(spec.outputs)) {
    const meta = session.outputMetadata.find((m) => m.name === o.name);
    if (!meta) fail(`no output named "${o.name}"`);
    if (meta?.isTensor && meta.shape.length > 0 && !dimsMatch(meta.shape, o.dims)) {
      fail(`output "${o.name}" has shape [${meta.shape.join(', ')}], the manifest says [B, ${o.dims.join(', ')}]`);
    }
  }
}

class OrtEngine implements InferenceEngine {
  private session: Session | undefined;
  private readonly perRecord: number;
  constructor(
    private readonly ort: Ort,
    session: Session,
    private readonly spec: EngineSpec,
    readonly executionProvider: string,
    readonly fallbacks: { provider: string; reason: string }[],
    private readonly threads: number,
  ) {
    this.session = session;
    this.perRecord = spec.inputDims.reduce((a, b) => a * b, 1);
  }

  async run(input: Float32Array, batch: number): Promise<EngineOutputs> {
    const session = this.session;
    if (!session) throw new CoreError('INFERENCE_FAILED', 'The model was closed.');
    if (input.length !== batch * this.perRecord) throw new CoreError('INFERENCE_FAILED', 'Input size does not match the batch.');
    const tensor = new this.ort.Tensor('float32', input, [batch, ...this.spec.inputDims]);
    const { mean, logvar, stepLogvar } = this.spec.outputs;
    let out: Record<string, OrtModule.Tensor>;
    try {
      out = await session.run({ [this.spec.inputName]: tensor });
    } catch (e) {
      throw new CoreError('INFERENCE_FAILED', `The model failed to run: ${describe(e)}`, e);
    }
    const get = (name: string, dims: number[]): Float32Array => {
      const t = out[name];
      const n = batch * dims.reduce((a, b) => a * b, 1);
      if (!t || !(t.data instanceof Float32Array) || t.data.length !== n) {
        throw new CoreError('MODEL_SHAPE_MISMATCH', `The network's output "${name}" does not have the manifest's shape.`);
      }
      return t.data;
    };
    return { batch, mean: get(mean.name, mean.dims), logvar: get(logvar.name, logvar.dims), stepLogvar: get(stepLogvar.name, stepLogvar.dims) };
  }

  /** The heads' matrix product (see cpuMatrixProduct), with this engine's thread count. */
  matrixProduct(rows: Float32Array, n: number, dim: number): Promise<MatrixProduct> {
    return cpuMatrixProduct(rows, n, dim, this.threads);
  }

  async dispose(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.release();
  }
}

/**
 * A float32 matrix product against constant rows (results/row-products.ts), without a network session: the
 * engine's heads use it, and so does the site adaptation's evaluation of the heads it fits. Always on the CPU
 * provider, whatever runs the network: the heads' error bound assumes IEEE float32 arithmetic (a GPU may use
 * reduced-precision products), and the product is small.
 */
export async function cpuMatrixProduct(rows: Float32Array, n: number, dim: number, threads = 1): Promise<MatrixProduct> {
  const ort = await loadOrt();
  let session: Session | undefined = await ort.InferenceSession.create(rowProductModel(rows, n, dim), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    intraOpNumThreads: threads,
    extra: NO_SPINNING,
  });
  return {
    async run(x: Float32Array, m: number): Promise<Float32Array> {
      if (!session) throw new CoreError('INFERENCE_FAILED', 'The model was closed.');
      if (x.length !== m * dim) throw new CoreError('INFERENCE_FAILED', 'Matrix product input size does not match.');
      let out: Record<string, OrtModule.Tensor>;
      try {
        out = await session.run({ x: new ort.Tensor('float32', x, [m, dim]) });
      } catch (e) {
        throw new CoreError('INFERENCE_FAILED', `The heads' matrix product failed: ${describe(e)}`, e);
      }
      const y = out.y?.data;
      if (!(y instanceof Float32Array) || y.length !== m * n) throw new CoreError('INFERENCE_FAILED', "The heads' matrix product returned a wrong shape.");
      return y;
    },
    async dispose(): Promise<void> {
      const s = session;
      session = undefined;
      await s?.release();
    },
  };
}

/**
 * No spinning: onnxruntime's idle intra-op threads otherwise busy-wait for the next operator, burning the
 * cores that the app's other threads (reading, preprocessing, the heads) need; measured on the two-core cohort
 * bench (see bench/cohort.bench.ts).
 */
const NO_SPINNING = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };

/** Intra-op threads: the option, else every core the OS gives us (see createSession). */
const threadsOf = (options: EngineOptions): number => (options.threads && options.threads > 0 ? options.threads : Math.max(1, availableParallelism()));

async function createSession(ort: Ort, spec: EngineSpec, provider: string, options: EngineOptions): Promise<Session> {
  const opts: OrtModule.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    extra: NO_SPINNING,
  };
  // onnxruntime's default counts physical cores, which some VMs report as one: measured here, two vCPUs ran
  // EchoingECG-101 at 6.0 ECGs/s with the default and 10.1 with two threads. Use every core the OS gives us.
  opts.intraOpNumThreads = threadsOf(options);
  return ort.InferenceSession.create(spec.modelPath, opts);
}

/**
 * Creates a session IN THE CALLING THREAD on the first provider of the plan that works (`auto`: platform GPUs,
 * then CPU), checks the graph against the manifest, and warms it up with one batch-1 run so the first
 * prediction is not slow. onnxruntime-node's session.run is synchronous behind a setImmediate (measured: it
 * blocks the event loop for the whole run), so the app calls this only inside the model host's worker thread
 * (model-worker.ts), never on the Electron main thread.
 */
export const createOrtEngineInThread: EngineFactory = async (spec, options) => {
  const ort = await loadOrt();
  const plan = providerPlan(options.executionProvider);
  const forced = options.executionProvider !== 'auto';
  const fallbacks: { provider: string; reason: string }[] = [];
  for (const { provider, skip } of plan) {
    if (skip) {
      if (forced) throw new CoreError('EP_UNAVAILABLE', `The ${provider} execution provider is not available here: ${skip}.`);
      fallbacks.push({ provider, reason: skip });
      continue;
    }
    let session: Session;
    try {
      session = await createSession(ort, spec, provider, options);
    } catch (e) {
      if (provider === 'cpu') throw new CoreError('PACK_INVALID', `The model file could not be loaded: ${describe(e)}`, e);
      if (forced) {
        throw new CoreError('EP_UNAVAILABLE', `The ${provider} execution provider is not available here: ${describe(e)}`, e);
      }
      fallbacks.push({ provider, reason: describe(e) });
      continue;
    }
    try {
      checkSession(session, spec);
    } catch (e) {
      await session.release();
      throw e;
    }
    const engine = new OrtEngine(ort, session, spec, provider, fallbacks, threadsOf(options));
    try {
      await engine.run(new Float32Array(spec.inputDims.reduce((a, b) => a * b, 1)), 1);
    } catch (e) {
      await engine.dispose();
      if (forced || provider === 'cpu') throw e instanceof CoreError && provider === 'cpu' ? e : new CoreError('EP_UNAVAILABLE', `The ${provider} execution provider failed its first run: ${describe(e)}`, e);
      fallbacks.push({ provider, reason: `first run failed: ${describe(e)}` });
      continue;
    }
    return engine;
  }
  throw new CoreError('EP_UNAVAILABLE', 'No execution provider could run the model.');
};
