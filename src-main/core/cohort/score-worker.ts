// Worker-thread entry for batch cohort scoring (built to out/main/cohort-worker.js). Scoring runs here so
// decoding and inference never block the Electron main process or the web host's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { initWorkerLogging, log } from '../log/logger';
import type { FromWorker, ScoreJobSpec, ToWorker } from './job-protocol';
import { failedProgress, runScoreJob } from './run-job';
import { ScoringControl } from './scorer';
import type { JobProgress } from './types';

const port = parentPort;
initWorkerLogging();
if (port) {
  const spec = workerData as ScoreJobSpec;
  const control = new ScoringControl();
  let last: JobProgress | undefined;
  const post = (m: FromWorker) => port.postMessage(m);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'pause') control.pause();
    else if (m.type === 'resume') control.resume();
    else if (m.type === 'cancel') control.cancel();
  });
  runScoreJob(spec, control, (p) => {
    last = p;
    post({ type: 'progress', progress: p });
  })
    .then((p) => post({ type: 'end', progress: p }))
    .catch((error: unknown) => {
      log.error('cohort scoring job failed:', error);
      post({ type: 'end', progress: failedProgress(spec, error, last) });
    })
    .finally(() => port.close());
}
