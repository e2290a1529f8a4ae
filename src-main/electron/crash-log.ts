import { app } from 'electron';
import { log } from '../core/log/logger';

/**
 * Processes that die reach the log: a renderer that crashed or was killed, a GPU or utility process. Errors
 * inside the renderer arrive through app:report-error; uncaught errors of main and its worker threads through
 * core/log/logger.ts.
 */
export function setupCrashLogging(): void {
  app.on('render-process-gone', (_event, _contents, details) => {
    log.error(`renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') log.error(`${details.type} process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
}
