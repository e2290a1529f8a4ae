// Worker-thread entry for site adaptation (built to out/main/adapt-worker.js): fitting, cross-validation and
// the held-out evaluation run here, never on the Electron main process or the web host's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorValue } from '../errors';
import { type AdaptFromWorker, type AdaptJobSpec, type AdaptToWorker, runAdaptJob } from './run-adapt';

const port = parentPort;
if (port) {
  const spec = workerData as AdaptJobSpec;
  const ac = new AbortController();
  const post = (m: AdaptFromWorker) => port.postMessage(m);
  port.on('message', (m: AdaptToWorker) => {
    if (m.type === 'cancel') ac.abort();
  });
  runAdaptJob(spec, ac.signal, (stage, fraction) => post({ type: 'progress', stage, fraction }))
    .then((outcome) => post({ type: 'done', outcome }))
    .catch((error: unknown) => {
      const e = toErrorValue(error);
      post({ type: 'error', error: { code: e.code, message: e.message } });
    })
    .finally(() => port.close());
}
