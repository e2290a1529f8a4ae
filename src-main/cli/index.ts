import { COMMANDS } from './registry';
import { runCli } from './run-cli';

/** Entry of the `echoing-ecg` command (bin/echoing-ecg.cjs loads the built out/main/cli.js). */
async function main(): Promise<void> {
  const code = await runCli(
    process.argv.slice(2),
    {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      isTTY: process.stdout.isTTY === true,
    },
    COMMANDS,
  );
  process.exitCode = code;
}

void main();
