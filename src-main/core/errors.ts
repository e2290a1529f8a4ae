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
  // Adaptation (issue 16)
  'ADAPT_TOO_FEW_LABELS',
  'ADAPT_NO_EMBEDDINGS',
  'ADAPT_TARGET_INVALID',
  'ADAPT_BASE_MISMATCH',
  // Report (issue 13): the ECG on paper
  'REPORT_FAILED',
  'REPORT_INVALID_RESULT',
  'REPORT_UNAVAILABLE',
  'REPORT_PRINT_FAILED',
  'REPORT_WRITE_FAILED',
  // Safety (issue 11): plausibility and finiteness at every boundary, pack integrity, store failures
  'IMPLAUSIBLE_SAMPLE_RATE',
  'IMPLAUSIBLE_SIGNAL',
  'NON_FINITE_OUTPUT',
  'IMPLAUSIBLE_OUTPUT',
  'PACK_CHECK_FAILED',
  'PACK_UNLISTED_FILE',
  'DB_READ_ONLY',
  'DB_CORRUPT',
  // PACS (issue 14): query and retrieve over DIMSE and DICOMweb
  'PACS_NODE_UNKNOWN',
  'PACS_CONFIG_INVALID',
  'PACS_CONNECTION_FAILED',
  'PACS_ASSOCIATION_REJECTED',
  'PACS_TIMEOUT',
  'PACS_AUTH_FAILED',
  'PACS_TLS_FAILED',
  'PACS_NOT_FOUND',
  'PACS_PROTOCOL_ERROR',
  'PACS_NO_WAVEFORMS',
  'PACS_SECRET_UNAVAILABLE',
  'PACS_LISTEN_FAILED',
  // Archive scoring (issue 17): shards of a cohort scored apart, merged into one database
  'SHARD_INVALID',
  'SHARD_MISMATCH',
  'MERGE_MODEL_MISMATCH',
  'MERGE_SOURCE_INVALID',
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

/** The SQLite result name of a libsql error ("SQLITE_CORRUPT"; a failed open reports only its number). */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  const opening = error instanceof Error ? /^ConnectionFailed\(.*: (\d+)"\)$/.exec(error.message) : null;
  return opening ? ({ 8: 'SQLITE_READONLY', 11: 'SQLITE_CORRUPT', 14: 'SQLITE_CANTOPEN', 26: 'SQLITE_NOTADB' } as Record<string, string>)[opening[1] as string] : undefined;
}

/**
 * The coded form of a database or file-system failure of the cohort store, or undefined when `error` is not
 * one: read-only files and folders (DB_READ_ONLY), damaged files (DB_CORRUPT), a full disk. Messages say what
 * to do; they never quote paths.
 */
export function storeErrorValue(error: unknown): ErrorValue | undefined {
  const fsCode = (error as { code?: unknown } | null)?.code;
  const code = sqliteCode(error) ?? (typeof fsCode === 'string' ? fsCode : undefined);
  if (code === undefined) return undefined;
  if (code.startsWith('SQLITE_READONLY')) {
    return { code: 'DB_READ_ONLY', message: 'The cohort database is read-only (the file, or the folder it is in, cannot be written): nothing was saved. Check its permissions or copy it to a writable folder.' };
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return { code: 'DB_READ_ONLY', message: 'The cohort database cannot be created or opened: its folder is read-only or not permitted. Choose a writable folder.' };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return { code: 'DB_CORRUPT', message: 'The cohort database file is damaged or is not a cohort database; it was not changed. Restore it from a backup or start a new one.' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { code: 'DB_ERROR', message: 'The disk holding the cohort database is full: nothing was saved.' };
  return undefined;
}

/** Turns anything thrown into a coded error value; unknown errors become INTERNAL with a generic text. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof CoreError) return { code: error.code, message: error.message };
  const store = sqliteCode(error) !== undefined ? storeErrorValue(error) : undefined;
  if (store) return store;
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
