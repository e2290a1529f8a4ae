import { existsSync } from 'node:fs';
import { type MessagePort, Worker } from 'node:worker_threads';
import { CoreError, type ErrorValue } from '../../errors';
import { findWorkerScript } from '../worker-script';
import { createOrtEngineInThread } from './ort-engine';
import type { EngineFactory, EngineOptions, EngineOutputs, EngineSpec, InferenceEngine } from './types';

/** Messages between the engine host thread and its owner. */
export type EngineHostRequest = { type: 'run'; id: number; input: Float32Array; batch: number } | { type: 'dispose'; id: number };
export type EngineHostReply =
  | { type: 'ready'; executionProvider: string; fallbacks: { provider: string; reason: string }[] }
  | { type: 'result'; id: number; outputs: EngineOutputs }
  | { type: 'error'; id: number; error: ErrorValue }
  | { type: 'disposed'; id: number };

export interface EngineHostData {
  role: 'engine';
  spec: EngineSpec;
  options: EngineOptions;
}

/** A worker-hosted session: session creation and every run happen off the caller's thread. */
class WorkerEngine implements InferenceEngine {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: EngineHostReply) => void }>();
  private dead: CoreError | undefined;

  constructor(
    private readonly worker: Worker,
    readonly executionProvider: string,
    readonly fallbacks: { provider: string; reason: string }[],
  ) {
    worker.on('message', (r: EngineHostReply) => {
      if (r.type === 'ready') return;
      this.pending.get(r.id)?.resolve(r);
      this.pending.delete(r.id);
    });
    const fail = (): void => {
      this.dead ??= new CoreError('INFERENCE_FAILED', 'The inference thread stopped unexpectedly.');
      for (const [id, p] of this.pending) p.resolve({ type: 'error', id, error: { code: this.dead.code, message: this.dead.message } });
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
  }

  private request(msg: EngineHostRequest, transfer: ArrayBuffer[] = []): Promise<EngineHostReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve) => {
      this.pending.set(msg.id, { resolve });
      this.worker.postMessage(msg, transfer);
    });
  }

  async run(input: Float32Array, batch: number): Promise<EngineOutputs> {
    // Copy: the caller keeps its buffer, the copy is transferred without a second copy.
    const copy = input.slice();
    const r = await this.request({ type: 'run', id: this.nextId++, input: copy, batch }, [copy.buffer as ArrayBuffer]);
    if (r.type === 'error') throw new CoreError(r.error.code, r.error.message);
    if (r.type !== 'result') throw new CoreError('INFERENCE_FAILED', 'Unexpected answer from the inference thread.');
    return r.outputs;
  }

  async dispose(): Promise<void> {
    if (!this.dead) {
      await this.request({ type: 'dispose', id: this.nextId++ }).catch(() => undefined);
      this.dead = new CoreError('INFERENCE_FAILED', 'The model was closed.');
    }
    await this.worker.terminate();
  }
}

/** Starts the engine host thread and waits until its session is open and warmed up. */
async function startWorkerEngine(path: string, spec: EngineSpec, options: EngineOptions): Promise<InferenceEngine> {
  const data: EngineHostData = { role: 'engine', spec, options };
  const worker = new Worker(path, { workerData: data });
  const first = await new Promise<EngineHostReply>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (e) => resolve({ type: 'error', id: 0, error: { code: 'INFERENCE_FAILED', message: `The inference thread failed to start: ${e.message}` } }));
  });
  if (first.type !== 'ready') {
    await worker.terminate();
    const err = first.type === 'error' ? first.error : { code: 'INFERENCE_FAILED' as const, message: 'The inference thread did not start.' };
    throw new CoreError(err.code, err.message);
  }
  return new WorkerEngine(worker, first.executionProvider, first.fallbacks);
}

/**
 * The app's engine: onnxruntime in a worker thread (the built out/main/preprocess-worker.js doubles as the
 * engine host), so neither loading a 500 MB network nor a batch run blocks the Electron main thread. When the
 * built worker is absent (running from sources under vitest/tsx) it runs in the calling thread instead.
 */
export const createOrtEngine: EngineFactory = async (spec, options) => {
  // Set in this thread: a worker's process.env is its own copy, but onnxruntime reads the process environment.
  process.env.ORT_DISABLE_TELEMETRY = '1';
  const path = findWorkerScript();
  if (path && existsSync(path)) return startWorkerEngine(path, spec, options);
  return createOrtEngineInThread(spec, options);
};

/** Worker side: opens the session and serves run/dispose requests. */
export async function hostEngine(port: MessagePort, data: EngineHostData): Promise<void> {
  let engine: InferenceEngine;
  try {
    engine = await createOrtEngineInThread(data.spec, data.options);
  } catch (e) {
    const error = e instanceof CoreError ? { code: e.code, message: e.message } : { code: 'INFERENCE_FAILED' as const, message: String(e) };
    port.postMessage({ type: 'error', id: 0, error } satisfies EngineHostReply);
    return;
  }
  port.postMessage({ type: 'ready', executionProvider: engine.executionProvider, fallbacks: engine.fallbacks } satisfies EngineHostReply);
  port.on('message', (msg: EngineHostRequest) => {
    void (async () => {
      if (msg.type === 'dispose') {
        await engine.dispose();
        port.postMessage({ type: 'disposed', id: msg.id } satisfies EngineHostReply);
        return;
      }
      try {
        const outputs = await engine.run(msg.input, msg.batch);
        const transfer = [outputs.mean.buffer, outputs.logvar.buffer, outputs.stepLogvar.buffer] as ArrayBuffer[];
        port.postMessage({ type: 'result', id: msg.id, outputs } satisfies EngineHostReply, [...new Set(transfer)]);
      } catch (e) {
        const error = e instanceof CoreError ? { code: e.code, message: e.message } : { code: 'INFERENCE_FAILED' as const, message: String(e) };
        port.postMessage({ type: 'error', id: msg.id, error } satisfies EngineHostReply);
      }
    })();
  });
}
