/**
 * The application log: electron-log's Node flavour (plain Node, so the same code logs from the Electron main
 * process, the web host, the CLI and worker threads; it writes synchronously from the calling thread and needs no
 * transport worker files at run time, so the bundler can inline it). One rotating file per program in the
 * platform's log folder; every value is redacted (redact.ts) before any transport sees it.
 *
 * Worker threads do not open the file themselves (two threads rotating one file would race): they forward
 * each record over a BroadcastChannel to their process's main thread, which writes it.
 */
import { renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import electronLog from 'electron-log/node';
import { redactValue } from './redact';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type Program = 'desktop' | 'web-host' | 'cli';

/** Sets the file's level (error, warn, info, debug; default info). */
export const LOG_LEVEL_ENV = 'ECHOING_ECG_LOG_LEVEL';
const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const CHANNEL = 'echoing-ecg:log';
/** Size at which a log file is rotated, and how many rotated files are kept (file.1.log is the newest). */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP_FILES = 5;

interface ForwardedRecord {
  level: LogLevel;
  data: unknown[];
}

const logger = electronLog.create({ logId: 'echoing-ecg' });
logger.transports.file.level = false;
logger.transports.console.level = false;
logger.transports.file.setAppName('echoing-ecg-review');
logger.hooks.push((message) => ({ ...message, data: message.data.map((v) => redactValue(v)) }));

let filePath: string | undefined;
let listening: BroadcastChannel | undefined;

/** The log: `log.error('what failed', error)`, `log.info('started', { version })`. Values are redacted. */
export const log = {
  error: (...data: unknown[]) => logger.error(...data),
  warn: (...data: unknown[]) => logger.warn(...data),
  info: (...data: unknown[]) => logger.info(...data),
  debug: (...data: unknown[]) => logger.debug(...data),
};

/** The level from ECHOING_ECG_LOG_LEVEL, else info. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = env[LOG_LEVEL_ENV]?.toLowerCase();
  return LEVELS.find((l) => l === wanted) ?? 'info';
}

/** Rotation: program.log -> program.1.log -> ... -> program.N.log (the oldest is dropped). */
export function rotateLogFile(path: string, keep = LOG_KEEP_FILES): void {
  const { dir, name, ext } = parse(path);
  const nth = (n: number) => join(dir, `${name}.${n}${ext}`);
  rmSync(nth(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    try {
      renameSync(nth(n), nth(n + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(path, nth(1));
}

export interface FileLoggingOptions {
  program: Program;
  dir: string;
  level?: LogLevel;
  /** Also echo records at this level and above to stderr (default: none, so CLI output stays unchanged). */
  console?: LogLevel | false;
}

/**
 * Starts writing `<dir>/<program>.log` in this process (call once, from an entry point's main thread), logs
 * uncaught errors without changing how the process reacts to them, and writes what worker threads forward.
 * Returns the file's path.
 */
export function initFileLogging(options: FileLoggingOptions): string {
  const file = logger.transports.file;
  filePath = join(options.dir, `${options.program}.log`);
  file.resolvePathFn = () => filePath as string;
  file.maxSize = LOG_MAX_BYTES;
  file.archiveLogFn = (f) => rotateLogFile(f.path);
  file.format = `[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] [${options.program} ${process.pid}] {text}`;
  file.level = options.level ?? levelFromEnv();
  logger.transports.console.level = options.console ?? false;
  process.on('uncaughtExceptionMonitor', (error, origin) => log.error(`uncaught ${origin}:`, error));
  if (isMainThread && !listening) {
    listening = new BroadcastChannel(CHANNEL);
    listening.onmessage = (event) => {
      const record = (event as unknown as { data: ForwardedRecord }).data;
      const level = LEVELS.find((l) => l === record?.level);
      if (level && Array.isArray(record.data)) log[level]('[worker]', ...record.data);
    };
    listening.unref();
  }
  return filePath;
}

/** In a worker thread: forwards every record (already redacted) to the main thread's log, and uncaught errors too. */
export function initWorkerLogging(): void {
  if (isMainThread) return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  const forward = (message: { level: string; data: unknown[] }) => {
    const level = LEVELS.find((l) => l === message.level);
    if (level) channel.postMessage({ level, data: message.data } satisfies ForwardedRecord);
  };
  forward.level = 'debug' as const;
  forward.transforms = [] as unknown[];
  logger.transports.forward = forward as unknown as (typeof logger.transports)[string];
  process.on('uncaughtExceptionMonitor', (error, origin) => log.error(`uncaught ${origin} in a worker:`, error));
}

/** The file this process writes, once initFileLogging ran. */
export function logFilePath(): string | undefined {
  return filePath;
}

/** Stops listening to workers and stops writing (tests). */
export function closeFileLogging(): void {
  listening?.close();
  listening = undefined;
  logger.transports.file.level = false;
  filePath = undefined;
}
