import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtEngineInThread } from '../../../../src-main/core/model/engine/ort-engine';
import { type HostEndpoint, type ModelHostData, connectModelHost, hostModel } from '../../../../src-main/core/model/model-worker';
import { type PackData, loadPackData } from '../../../../src-main/core/model/pack/load';
import { type ModelHost, Predictor } from '../../../../src-main/core/model/predictor';
import { preprocessRecord } from '../../../../src-main/core/model/preprocess/pipeline';
import { REFERENCE_PACK, fixtureRecord } from './helpers';

/**
 * The model host's message protocol without a build: hostModel serves one end of a MessageChannel in this
 * thread, the caller's side talks to the other end exactly as it talks to the built worker.
 */
function endpoint(port: MessagePort, onTerminate: () => void): HostEndpoint {
  const ep = {
    on: (event: string, fn: (v: unknown) => void) => (event === 'message' ? port.on('message', fn) : port.on(event === 'exit' ? 'close' : event, fn), ep),
    once: (event: string, fn: (v: unknown) => void) => (port.once(event, fn), ep),
    postMessage: (v: unknown, transfer?: ArrayBuffer[]) => port.postMessage(v, transfer),
    terminate: () => {
      onTerminate();
      port.close();
      return Promise.resolve(0);
    },
  };
  return ep as unknown as HostEndpoint;
}

let data: PackData;
let host: ModelHost;
let local: Predictor;
let hostPort: MessagePort;
beforeAll(async () => {
  data = await loadPackData(REFERENCE_PACK);
  const m = data.manifest;
  const spec = { modelPath: data.modelPath, inputName: m.input.name, inputDims: [12, 1000], outputs: m.outputs };
  const { port1, port2 } = new MessageChannel();
  hostPort = port1;
  const hostData: ModelHostData = { role: 'model', spec, options: { executionProvider: 'cpu' }, pack: { manifest: m, dim: data.dim, prompts: data.prompts, library: data.library }, maxBatch: 4 };
  void hostModel(port1, hostData);
  host = await connectModelHost(endpoint(port2, () => port1.close()));
  local = new Predictor(data, await createOrtEngineInThread(spec, { executionProvider: 'cpu' }), 4);
});
afterAll(async () => {
  await host.dispose();
  await local.dispose();
  hostPort.close();
});

describe('model host protocol', () => {
  it('reports the provider and returns the in-thread predictions, batched past maxBatch', async () => {
    expect(host.executionProvider).toBe('cpu');
    const recs = ['fs500_10000ms_start0', 'fs250_10000ms_start0', 'fs360_10500ms_start50', 'fs1000_10000ms_start0', 'fs240_12000ms_start0', 'fs500_10000ms_start0'];
    const prepared = recs.map((id) => preprocessRecord(fixtureRecord(id), data.manifest.input, id.startsWith('fs240') ? 1.5 : 0));
    const inputs = new Float32Array(prepared.length * 12000);
    prepared.forEach((p, i) => inputs.set(p.data, i * 12000));
    const settings = { topK: 4, abstainPercentile: 97 };
    const windows = prepared.map((p) => p.window);
    const [a, b] = await Promise.all([host.predictInputs(inputs, windows, settings), local.predictInputs(inputs, windows, settings)]);
    expect(a).toHaveLength(6);
    expect(a.every((o) => o.ok)).toBe(true);
    expect(a).toEqual(b);
    // The caller keeps its buffer (the host gets a transferred copy).
    expect(inputs.length).toBe(6 * 12000);
    expect(await host.predictInputs(new Float32Array(0), [], settings)).toEqual([]);
    const raw = await host.runInputs(inputs, 6);
    expect(raw.mean).toEqual((await local.runInputs(inputs, 6)).mean);
  });

  it('occlusion: progress messages, same map, cancel between batches, coded errors', async () => {
    const input = preprocessRecord(fixtureRecord('fs500_10000ms_start0'), data.manifest.input, 0);
    const progress: number[] = [];
    const map = await host.occlusion(input, { regionS: 5, batch: 10, onProgress: (d, t) => progress.push(d / t) });
    expect(progress).toEqual([0, 10 / 24, 20 / 24, 1]);
    expect(map).toEqual(await local.occlusion(input, { regionS: 5, batch: 10 }));
    const ac = new AbortController();
    const seen: number[] = [];
    const p = host.occlusion(input, { regionS: 0.5, batch: 2, signal: ac.signal, onProgress: (d) => (seen.push(d), d >= 4 && ac.abort()) });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Math.max(...seen)).toBeLessThan(240);
    // A network error comes back coded, and the host keeps serving.
    await expect(host.runInputs(new Float32Array(100), 1)).rejects.toMatchObject({ code: 'INFERENCE_FAILED' });
    expect((await host.runInputs(input.data, 1)).batch).toBe(1);
  });
});
