import { APP_NAME, APP_VERSION } from '../core/api/version';
import { toErrorValue } from '../core/errors';
import { DATA_DIR_ENV, DATA_DIR_FLAG, platformDataDir } from '../core/app-paths';
import { UsageError } from './args';
import type { CliCommand, CliIo } from './types';

/** The overview `echoing-ecg --help` prints. */
export function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `${APP_NAME} ${APP_VERSION} - command line`,
    '',
    'Usage: echoing-ecg <command> [options]',
    '       echoing-ecg <command> --help',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --help, -h      Show this help',
    '  --version, -v   Show the version',
    `  ${DATA_DIR_FLAG} DIR  Data folder shared with the app (cohorts.db, user model packs, the chosen pack)`,
    `                  (default: $${DATA_DIR_ENV}, else ${platformDataDir()})`,
    '',
  ].join('\n');
}

/**
 * Runs the CLI with the arguments after the program name and resolves to the exit code. Never throws: a
 * usage mistake exits 2 with the usage, anything else exits 1 with a message (no stack, no patient data).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  let global;
  try {
    global = takeDataDir(argv);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${overview(commands)}`);
    return 2;
  }
  if (global.dataDir !== undefined) io = { ...io, dataDir: global.dataDir };
  const [first, ...rest] = global.rest;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? `${target.usage.trimEnd()}\n` : overview(commands));
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${APP_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`Unknown command "${first}".\n\n${overview(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    // Coded like every other boundary: a raw library error (e.g. SQLite's) never reaches the user as is.
    const { code, message } = toErrorValue(error);
    io.stderr(`echoing-ecg ${command.name}: ${code}: ${message}\n`);
    return 1;
  }
}

/** Takes the global `--data-dir DIR` (or `--data-dir=DIR`) out of the arguments, wherever it stands before `--`. */
export function takeDataDir(argv: readonly string[]): { dataDir?: string; rest: string[] } {
  const rest: string[] = [];
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === DATA_DIR_FLAG || arg.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg === DATA_DIR_FLAG ? argv[++i] : arg.slice(DATA_DIR_FLAG.length + 1);
      if (!value || value.startsWith('--')) throw new UsageError(`${DATA_DIR_FLAG} needs a folder.`);
      dataDir = value;
      continue;
    }
    rest.push(arg);
  }
  return dataDir === undefined ? { rest } : { dataDir, rest };
}
