// A worker thread for logger.test.ts: logs through the shared logger (forwarded to the main thread), then fails.
import { log, initWorkerLogging } from '../../../../src-main/core/log/logger';

initWorkerLogging();
log.warn('worker reading', "/srv/ecg/Garcia_Maria/1.dcm");
setTimeout(() => {
  throw new Error("worker crashed on '/srv/ecg/Garcia_Maria/2.dcm'");
}, 10);
