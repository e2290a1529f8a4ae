import { app } from 'electron';
import { COMMANDS } from '../cli/registry';
import { runCli } from '../cli/run-cli';
import { logDir } from '../core/app-paths';
import { initFileLogging, log } from '../core/log/logger';

/** `<app> --cli <subcommand> ...`: the installed app answers as the `echoing-ecg` command, without a window. */
export const CLI_SWITCH = '--cli';

/** The CLI arguments when the app was started as the CLI (everything after `--cli`), else undefined. */
export function cliArguments(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf(CLI_SWITCH);
  return at < 0 ? undefined : argv.slice(at + 1);
}

/** Resolves once everything written to the stream so far has been flushed. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => stream.write('', () => done()));
}

/**
 * Runs the same CLI as `npx echoing-ecg` (same commands, output and exit codes) inside the app binary, then exits
 * with its code. No window, no single-instance lock (the desktop app may be open at the same time), no IPC.
 * Electron's run-as-node stays fused off: this is the app's own code path, not a general Node.
 */
export async function runCliInApp(args: string[], exit: (code: number) => void = (code) => app.exit(code)): Promise<void> {
  app.dock?.hide();
  initFileLogging({ program: 'cli', dir: logDir() });
  const code = await runCli(
    args,
    { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: process.stdout.isTTY === true },
    COMMANDS,
  );
  log.info(`cli ${args[0] ?? '(none)'} exited ${code}`);
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  exit(code);
}
