import type { ErrorCode } from '../core/errors';

/** Errors cross every boundary as values: Electron IPC passes only an Error's message, HTTP only JSON. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
