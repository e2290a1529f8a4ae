import { logDir } from '../core/app-paths';
import { initFileLogging, log } from '../core/log/logger';
import { COMMANDS } from './registry';
import { runCli } from './run-cli';

/** Entry of the `echoing-ecg` command (bin/echoing-ecg.cjs loads the built out/main/cli.js). */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  initFileLogging({ program: 'cli', dir: logDir() });
  const code = await runCli(
    args,
    {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      isTTY: process.stdout.isTTY === true,
    },
    COMMANDS,
  );
  log.info(`cli ${args[0] ?? '(none)'} exited ${code}`);
  process.exitCode = code;
}

void main();
