// Worker-thread entry (a build entry: out/main/preprocess-worker.js). Owned by the model runtime
// (src-main/core/model/). Two roles: batch preprocessing for PreprocessPool, and, when started with
// workerData.role === 'engine', the onnxruntime host for the app's InferenceEngine (engine/engine-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type EngineHostData, hostEngine } from './engine/engine-worker';
import { type PreprocessJob, handlePreprocessJob } from './preprocess-job';

const port = parentPort;
if (port && (workerData as EngineHostData | undefined)?.role === 'engine') {
  void hostEngine(port, workerData as EngineHostData);
} else if (port) {
  port.on('message', (job: PreprocessJob) => {
    const reply = handlePreprocessJob(job);
    const transfer = reply.results.flatMap((r) => (r.ok ? [r.input.data.buffer as ArrayBuffer] : []));
    port.postMessage(reply, transfer);
  });
}
