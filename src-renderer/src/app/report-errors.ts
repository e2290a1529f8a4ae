import type { RendererErrorReport } from '../../../src-main/contract/index';
import { getClient } from '../transport';

const MAX_REPORTS = 50;
let sent = 0;

/** Sends a renderer error to the application log (main redacts it there). Never throws; at most 50 per page. */
export function reportError(kind: RendererErrorReport['kind'], error: unknown): void {
  if (sent >= MAX_REPORTS) return;
  sent++;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 4000);
  const stack = error instanceof Error && error.stack ? error.stack.slice(0, 16_000) : undefined;
  void getClient()
    .invoke('app:report-error', stack ? { kind, message, stack } : { kind, message })
    .catch(() => undefined);
}

/** Uncaught errors and unhandled rejections of the page reach the log. */
export function installErrorReporting(): void {
  window.addEventListener('error', (e) => reportError('error', e.error ?? e.message));
  window.addEventListener('unhandledrejection', (e) => reportError('unhandledrejection', e.reason));
}
