import { type MessagePort, Worker } from 'node:worker_threads';
import { CoreError, type ErrorValue } from '../errors';
import { createOrtEngineInThread } from './engine/ort-engine';
import type { EngineOptions, EngineOutputs, EngineSpec } from './engine/types';
import type { OcclusionMap, OcclusionOptions } from './occlusion';
import type { PackData } from './pack/load';
import type { PreparedInput } from './preprocess/pipeline';
import { type ModelHost, type PredictSettings, Predictor } from './predictor';
import type { PredictionOutcome } from './types';

/** What the model host thread needs: the network spec and the pack's head/retrieval data (already verified). */
export interface ModelHostData {
  role: 'model';
  spec: EngineSpec;
  options: EngineOptions;
  pack: Pick<PackData, 'manifest' | 'dim' | 'prompts' | 'library' | 'siteLibrary'>;
  maxBatch: number;
}

type Window = PreparedInput['window'];
type OcclusionSettings = Pick<OcclusionOptions, 'regionS' | 'batch'>;

export type ModelHostRequest =
  | { type: 'run'; id: number; inputs: Float32Array; n: number }
  | { type: 'predict'; id: number; inputs: Float32Array; windows: Window[]; settings: PredictSettings }
  | { type: 'occlusion'; id: number; input: PreparedInput; options: OcclusionSettings }
  | { type: 'cancel'; id: number }
  | { type: 'dispose'; id: number };

export type ModelHostReply =
  | { type: 'ready'; executionProvider: string; fallbacks: { provider: string; reason: string }[] }
  | { type: 'outputs'; id: number; outputs: EngineOutputs }
  | { type: 'predictions'; id: number; results: PredictionOutcome[] }
  | { type: 'occlusion'; id: number; map: OcclusionMap }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'error'; id: number; error: ErrorValue }
  | { type: 'disposed'; id: number };

type Final = Exclude<ModelHostReply, { type: 'ready' } | { type: 'progress' }>;

interface Pending {
  resolve: (r: Final) => void;
  onProgress?: (done: number, total: number) => void;
}

/** The thread the host runs in, as the caller sees it (a Worker; a MessagePort pair in tests). */
export type HostEndpoint = Pick<Worker, 'on' | 'once' | 'postMessage' | 'terminate'>;

/** The caller's side: every request is a message; no network run or post-processing happens in this thread. */
class WorkerModelHost implements ModelHost {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: CoreError | undefined;

  constructor(
    private readonly worker: HostEndpoint,
    readonly executionProvider: string,
    readonly fallbacks: { provider: string; reason: string }[],
  ) {
    worker.on('message', (r: ModelHostReply) => {
      if (r.type === 'ready') return;
      const p = this.pending.get(r.id);
      if (r.type === 'progress') {
        p?.onProgress?.(r.done, r.total);
        return;
      }
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    const fail = (): void => {
      this.dead ??= new CoreError('INFERENCE_FAILED', 'The inference thread stopped unexpectedly.');
      for (const [id, p] of this.pending) p.resolve({ type: 'error', id, error: { code: this.dead.code, message: this.dead.message } });
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
  }

  private async request(msg: Exclude<ModelHostRequest, { type: 'cancel' }>, transfer: ArrayBuffer[] = [], extra: Omit<Pending, 'resolve'> = {}): Promise<Final> {
    if (this.dead) throw this.dead;
    const r = await new Promise<Final>((resolve) => {
      this.pending.set(msg.id, { resolve, ...extra });
      this.worker.postMessage(msg, transfer);
    });
    if (r.type === 'error') throw new CoreError(r.error.code, r.error.message);
    return r;
  }

  async runInputs(inputs: Float32Array, n: number): Promise<EngineOutputs> {
    // Copy: the caller keeps its buffer; the copy is transferred, not cloned again.
    const copy = inputs.slice(0, inputs.length);
    const r = await this.request({ type: 'run', id: this.nextId++, inputs: copy, n }, [copy.buffer as ArrayBuffer]);
    if (r.type !== 'outputs') throw unexpected();
    return r.outputs;
  }

  async predictInputs(inputs: Float32Array, windows: Window[], settings: PredictSettings): Promise<PredictionOutcome[]> {
    const copy = inputs.slice(0, inputs.length);
    const r = await this.request({ type: 'predict', id: this.nextId++, inputs: copy, windows, settings }, [copy.buffer as ArrayBuffer]);
    if (r.type !== 'predictions') throw unexpected();
    return r.results;
  }

  async occlusion(input: PreparedInput, options: OcclusionOptions): Promise<OcclusionMap> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new CoreError('CANCELLED', 'The occlusion map was cancelled.');
    const id = this.nextId++;
    // The worker checks for cancellation between batches, as the in-thread loop does.
    const cancel = (): void => this.worker.postMessage({ type: 'cancel', id } satisfies ModelHostRequest);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const job = { id, type: 'occlusion' as const, input: { data: input.data.slice(), window: input.window }, options: { regionS: options.regionS, batch: options.batch } };
      const r = await this.request(job, [job.input.data.buffer as ArrayBuffer], { onProgress });
      if (r.type !== 'occlusion') throw unexpected();
      return r.map;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  async dispose(): Promise<void> {
    if (!this.dead) {
      await this.request({ type: 'dispose', id: this.nextId++ }).catch(() => undefined);
      this.dead = new CoreError('INFERENCE_FAILED', 'The model was closed.');
    }
    await this.worker.terminate();
  }
}

/** A thrown value as a coded error for the reply (non-CoreErrors are inference failures, as in the engine host). */
const asErrorValue = (e: unknown): ErrorValue =>
  e instanceof CoreError ? { code: e.code, message: e.message } : { code: 'INFERENCE_FAILED', message: e instanceof Error ? e.message : String(e) };

const unexpected = (): CoreError => new CoreError('INFERENCE_FAILED', 'Unexpected answer from the inference thread.');

/** Starts the model host thread (session opened and warmed up there) and waits until it is ready. */
export function startModelHost(path: string, data: ModelHostData): Promise<ModelHost> {
  return connectModelHost(new Worker(path, { workerData: data }));
}

/** Waits for a started host's 'ready' (or its coded start-up error) and returns the caller's side. */
export async function connectModelHost(worker: HostEndpoint): Promise<ModelHost> {
  const first = await new Promise<ModelHostReply>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (e: Error) => resolve({ type: 'error', id: 0, error: { code: 'INFERENCE_FAILED', message: `The inference thread failed to start: ${e.message}` } }));
  });
  if (first.type !== 'ready') {
    await worker.terminate();
    const err = first.type === 'error' ? first.error : { code: 'INFERENCE_FAILED' as const, message: 'The inference thread did not start.' };
    throw new CoreError(err.code, err.message);
  }
  return new WorkerModelHost(worker, first.executionProvider, first.fallbacks);
}

/** Worker side: opens the session, then serves runs, predictions (post-processing included) and occlusion maps. */
export async function hostModel(port: MessagePort, data: ModelHostData): Promise<void> {
  let predictor: Predictor;
  try {
    predictor = new Predictor(data.pack, await createOrtEngineInThread(data.spec, data.options), data.maxBatch);
  } catch (e) {
    port.postMessage({ type: 'error', id: 0, error: asErrorValue(e) } satisfies ModelHostReply);
    return;
  }
  port.postMessage({ type: 'ready', executionProvider: predictor.executionProvider, fallbacks: predictor.fallbacks } satisfies ModelHostReply);
  const aborts = new Map<number, AbortController>();
  const post = (r: ModelHostReply, transfer: ArrayBuffer[] = []): void => port.postMessage(r, [...new Set(transfer)]);
  port.on('message', (msg: ModelHostRequest) => {
    if (msg.type === 'cancel') {
      aborts.get(msg.id)?.abort();
      return;
    }
    void (async () => {
      try {
        if (msg.type === 'dispose') {
          await predictor.dispose();
          post({ type: 'disposed', id: msg.id });
        } else if (msg.type === 'run') {
          const o = await predictor.runInputs(msg.inputs, msg.n);
          post({ type: 'outputs', id: msg.id, outputs: o }, [o.mean.buffer, o.logvar.buffer, o.stepLogvar.buffer] as ArrayBuffer[]);
        } else if (msg.type === 'predict') {
          const results = await predictor.predictInputs(msg.inputs, msg.windows, msg.settings);
          const transfer = results.flatMap((r) => (r.ok ? ([r.result.embedding.mean.buffer, r.result.embedding.logvar.buffer] as ArrayBuffer[]) : []));
          post({ type: 'predictions', id: msg.id, results }, transfer);
        } else {
          const ac = new AbortController();
          aborts.set(msg.id, ac);
          try {
            const onProgress = (done: number, total: number): void => post({ type: 'progress', id: msg.id, done, total });
            const map = await predictor.occlusion(msg.input, { ...msg.options, signal: ac.signal, onProgress });
            post({ type: 'occlusion', id: msg.id, map });
          } finally {
            aborts.delete(msg.id);
          }
        }
      } catch (e) {
        post({ type: 'error', id: msg.id, error: asErrorValue(e) });
      }
    })();
  });
}
