import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EcgRecord } from '../ecg/record';
import { type PreprocessJob, type PreprocessOutcome, type PreprocessReply, handlePreprocessJob, stripForPreprocessing } from './preprocess-job';
import type { InputContract } from './preprocess/pipeline';
import { findWorkerScript } from './worker-script';


/**
 * Preprocessing in worker threads so batches never block the caller's thread. When the built worker script
 * is absent (tests running from sources) it runs in the calling thread instead; `mode` says which.
 */
export class PreprocessPool {
  readonly mode: 'workers' | 'in-thread';
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, (r: PreprocessReply) => void>();
  private nextId = 1;
  private rr = 0;

  constructor(options: { workerPath?: string; size?: number } = {}) {
    const path = options.workerPath ?? findWorkerScript();
    const size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.mode = path !== undefined && existsSync(path) ? 'workers' : 'in-thread';
    if (path !== undefined && this.mode === 'workers') {
      for (let i = 0; i < size; i++) {
        const w = new Worker(path);
        w.on('message', (r: PreprocessReply) => {
          this.pending.get(r.id)?.(r);
          this.pending.delete(r.id);
        });
        w.on('error', () => {
          // A crashed worker fails its pending jobs through the exit handler below.
        });
        w.on('exit', () => this.failPending());
        w.unref();
        this.workers.push(w);
      }
    }
  }

  private failPending(): void {
    for (const [id, resolve] of this.pending) {
      resolve({ id, results: [] });
    }
    this.pending.clear();
  }

  /** Preprocesses records into model inputs; outcome per record, in order. */
  async run(records: EcgRecord[], contract: InputContract, windowStartS: number): Promise<PreprocessOutcome[]> {
    const stripped = records.map(stripForPreprocessing);
    if (this.mode === 'in-thread' || this.workers.length === 0) {
      return handlePreprocessJob({ id: 0, contract, windowStartS, records: stripped }).results;
    }
    // Split into one chunk per worker.
    const n = Math.min(this.workers.length, stripped.length);
    const chunks = Array.from({ length: n }, (_, i) => stripped.filter((_r, j) => j % n === i));
    const replies = await Promise.all(chunks.map((chunk) => this.send({ id: this.nextId++, contract, windowStartS, records: chunk })));
    const out: PreprocessOutcome[] = [];
    for (let j = 0; j < stripped.length; j++) {
      const r = replies[j % n]?.results[Math.floor(j / n)];
      out.push(r ?? { ok: false, error: { code: 'INTERNAL', message: 'The preprocessing worker stopped unexpectedly.' } });
    }
    return out;
  }

  private send(job: PreprocessJob): Promise<PreprocessReply> {
    const worker = this.workers[this.rr++ % this.workers.length] as Worker;
    return new Promise((resolve) => {
      this.pending.set(job.id, resolve);
      worker.postMessage(job);
    });
  }

  async dispose(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
    this.failPending();
  }
}
