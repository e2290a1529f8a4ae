// Worker-thread entry (a build entry: out/main/preprocess-worker.js). Owned by the model runtime
// (src-main/core/model/). Two roles: batch preprocessing for PreprocessPool; with workerData.role === 'model',
// the model host (onnxruntime session plus all post-processing of predictions and occlusion, model-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { initWorkerLogging } from '../log/logger';
import { type ModelHostData, hostModel } from './model-worker';
import { type PreprocessJob, handlePreprocessJob } from './preprocess-job';

const port = parentPort;
initWorkerLogging();
const role = (workerData as { role?: string } | undefined)?.role;
if (port && role === 'model') {
  void hostModel(port, workerData as ModelHostData);
} else if (port) {
  port.on('message', (job: PreprocessJob) => {
    const reply = handlePreprocessJob(job);
    const transfer = reply.results.flatMap((r) => (r.ok ? [r.input.data.buffer as ArrayBuffer] : []));
    port.postMessage(reply, transfer);
  });
}
