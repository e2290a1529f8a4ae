import { resolve } from 'node:path';
import { listFlag, parseArgs, stringFlag, UsageError } from '../cli/args';
import { dataDir } from '../core/app-paths';

export const WEB_HOST_USAGE = `Usage: node out/main/web-host.js [--port N] [--root DIR ...] [--data-dir DIR] [--no-open]

Serves EchoingECG Review to a browser on this machine only (127.0.0.1), with a per-run access token.

  --port N        Port to listen on (default: a random free port)
  --root DIR      A folder the in-app file browser may open (repeatable; default: the current folder)
  --data-dir DIR  Where recent files, cohorts and user model packs are kept, shared with the
                  desktop app and the CLI (default: $ECHOING_ECG_DATA_DIR, else the folder below)
  --no-open       Do not open the system browser; just print the address
  --help          Show this help

Default data folder: $XDG_DATA_HOME/echoing-ecg-review (Linux), ~/Library/Application Support/EchoingECG Review
(macOS), %LOCALAPPDATA%\\EchoingECG Review (Windows).
`;

export interface WebHostCliOptions {
  port: number;
  roots: string[];
  dataDir: string;
  open: boolean;
  help: boolean;
}

/** Parses the web host's command line; throws UsageError on mistakes. */
export function parseWebHostArgs(argv: readonly string[], cwd = process.cwd()): WebHostCliOptions {
  const parsed = parseArgs(argv, {
    port: { type: 'string' },
    root: { type: 'string', multiple: true },
    'data-dir': { type: 'string' },
    'no-open': { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (parsed.positionals.length > 0) throw new UsageError(`Unexpected argument: ${parsed.positionals[0]}`);
  const portText = stringFlag(parsed, 'port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError('--port needs a number between 0 and 65535.');
  const roots = listFlag(parsed, 'root').map((r) => resolve(cwd, r));
  const dataDirFlag = stringFlag(parsed, 'data-dir');
  return {
    port,
    roots: roots.length > 0 ? roots : [cwd],
    dataDir: dataDir(dataDirFlag, {}, cwd),
    open: parsed.flags['no-open'] !== true,
    help: parsed.flags.help === true,
  };
}
