/**
 * Where the application keeps its data and logs, the same for the desktop app, the web host and the CLI, so a
 * cohort scored on the command line opens in the app. Plain Node: Electron's userData is not used for data
 * (on Windows it is the roaming profile, which must not carry patient data between machines).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Overrides the data folder (the `--data-dir` flag wins over it). */
export const DATA_DIR_ENV = 'ECHOING_ECG_DATA_DIR';
/** Overrides the log folder. */
export const LOG_DIR_ENV = 'ECHOING_ECG_LOG_DIR';
/** The data-folder flag every program accepts. */
export const DATA_DIR_FLAG = '--data-dir';

const LINUX_NAME = 'echoing-ecg-review';
const DISPLAY_NAME = 'EchoingECG Review';

interface PlatformContext {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

function context(c: PlatformContext): Required<PlatformContext> {
  return { env: c.env ?? process.env, platform: c.platform ?? process.platform, home: c.home ?? homedir() };
}

/** An XDG base directory: the variable when it is an absolute path (the spec ignores relative ones), else the default. */
function xdg(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  return value && value.startsWith('/') ? value : fallback;
}

/**
 * The platform's per-user data folder: Linux `$XDG_DATA_HOME/echoing-ecg-review`, macOS
 * `~/Library/Application Support/EchoingECG Review`, Windows `%LOCALAPPDATA%\EchoingECG Review` (local, not roaming).
 */
export function platformDataDir(c: PlatformContext = {}): string {
  const { env, platform, home } = context(c);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), DISPLAY_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', DISPLAY_NAME);
  return join(xdg(env, 'XDG_DATA_HOME', join(home, '.local', 'share')), LINUX_NAME);
}

/**
 * The platform's log folder: Linux `$XDG_STATE_HOME/echoing-ecg-review/logs`, macOS `~/Library/Logs/EchoingECG Review`,
 * Windows `%LOCALAPPDATA%\EchoingECG Review\logs`; `ECHOING_ECG_LOG_DIR` overrides it.
 */
export function logDir(c: PlatformContext = {}): string {
  const { env, platform, home } = context(c);
  const override = env[LOG_DIR_ENV];
  if (override) return resolve(override);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), DISPLAY_NAME, 'logs');
  if (platform === 'darwin') return join(home, 'Library', 'Logs', DISPLAY_NAME);
  return join(xdg(env, 'XDG_STATE_HOME', join(home, '.local', 'state')), LINUX_NAME, 'logs');
}

/** The data folder in force: the `--data-dir` flag, else `ECHOING_ECG_DATA_DIR`, else the platform's folder. */
export function dataDir(flag: string | undefined, c: PlatformContext = {}, cwd = process.cwd()): string {
  if (flag) return resolve(cwd, flag);
  const { env } = context(c);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return resolve(cwd, fromEnv);
  return platformDataDir(c);
}

/**
 * The value of `--data-dir DIR` / `--data-dir=DIR` in a raw argument list (Electron's argv, where Chromium's own
 * switches are mixed in), or undefined.
 */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === DATA_DIR_FLAG) return argv[i + 1];
    if (arg.startsWith(`${DATA_DIR_FLAG}=`)) return arg.slice(DATA_DIR_FLAG.length + 1);
  }
  return undefined;
}

/**
 * The bundled model packs: `<resources>/models` in the installed app (Electron sets process.resourcesPath, also
 * for the CLI inside it), else the repository's models/ next to the built bundle (out/main or out/main/chunks)
 * or the sources.
 */
export function bundledModelsDir(here: string = __dirname): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    ...(resourcesPath ? [join(resourcesPath, 'models')] : []),
    join(here, '../../models'),
    join(here, '../../../models'),
  ];
  for (const c of candidates) if (existsSync(join(c, 'PACK-FORMAT.md')) || existsSync(join(c, 'reference'))) return resolve(c);
  return resolve('models');
}
