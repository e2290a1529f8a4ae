// Worker-thread entry for batch preprocessing (a build entry: out/main/preprocess-worker.js).
// Owned by the model runtime (src-main/core/model/). Receives jobs from PreprocessPool, answers with
// transferable float32 model inputs or coded errors, one per record.
import { parentPort } from 'node:worker_threads';
import { handlePreprocessJob, type PreprocessJob } from './preprocess-job';

parentPort?.on('message', (job: PreprocessJob) => {
  const reply = handlePreprocessJob(job);
  const transfer = reply.results.flatMap((r) => (r.ok ? [r.input.data.buffer as ArrayBuffer] : []));
  parentPort?.postMessage(reply, transfer);
});
