/**
 * Typed errors of the core. Every failure that can reach a user carries a stable code (for tests, logs and
 * the UI) and a message a clinician can act on. Messages never contain patient identifiers.
 */
export const ERROR_CODES = [
  // Reading ECG files
  'NOT_AN_ECG',
  'UNSUPPORTED_FORMAT',
  'UNSUPPORTED_ENCODING',
  'TRUNCATED',
  'CORRUPT',
  'NO_WAVEFORM',
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  // Model packs and inference
  'PACK_INVALID',
  'PACK_HASH_MISMATCH',
  'PACK_FILE_MISSING',
  'PACK_SCHEMA_UNSUPPORTED',
  'PACK_NOT_FOUND',
  'MODEL_SHAPE_MISMATCH',
  'MISSING_LEADS',
  'RECORD_TOO_SHORT',
  'WINDOW_OUT_OF_RANGE',
  'EP_UNAVAILABLE',
  'INFERENCE_FAILED',
  'CANCELLED',
  // Cohorts and store
  'DB_ERROR',
  'COHORT_NOT_FOUND',
  'LABELS_INVALID',
  'NO_LABELS',
  // Boundary
  'BAD_REQUEST',
  'UNTRUSTED_SENDER',
  'UNKNOWN_CHANNEL',
  'UNKNOWN_FILE_TOKEN',
  'PATH_TRAVERSAL',
  'INTERNAL',
  // Model input (appended by the model runtime)
  'UNSUPPORTED_SAMPLE_RATE',
  // ECG files that do not state their sample rate (headerless CSV without time column or rate line)
  'SAMPLE_RATE_UNKNOWN',
  // Safety (issue 11): plausibility and finiteness at every boundary, pack integrity, store failures
  'IMPLAUSIBLE_SAMPLE_RATE',
  'IMPLAUSIBLE_SIGNAL',
  'NON_FINITE_OUTPUT',
  'IMPLAUSIBLE_OUTPUT',
  'PACK_CHECK_FAILED',
  'PACK_UNLISTED_FILE',
  'DB_READ_ONLY',
  'DB_CORRUPT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure with a stable code and a human message; safe to show and to log (no PHI). */
export class CoreError extends Error {
  readonly code: ErrorCode;
  override readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.cause = cause;
  }
}

/** The shape errors take when they cross a boundary (IPC, HTTP, JSON output). */
export interface ErrorValue {
  code: ErrorCode;
  message: string;
}

/** Turns anything thrown into a coded error value; unknown errors become INTERNAL with a generic text. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof CoreError) return { code: error.code, message: error.message };
  if (error instanceof RangeError) {
    // Typed-array and DataView bounds errors mean the bytes ended before the structure did.
    return { code: 'TRUNCATED', message: 'The file ends before its declared content: it is truncated or damaged.' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected internal error: ${detail}` };
}

export function isCoreError(error: unknown, code?: ErrorCode): error is CoreError {
  return error instanceof CoreError && (code === undefined || error.code === code);
}
