import { dataDir } from '../core/app-paths';

/** Where a command writes; injected so commands are testable without a terminal. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (commands may then print tables instead of JSON lines). */
  isTTY: boolean;
  /** The global `--data-dir` given before or after the subcommand (runCli takes it out of the arguments). */
  dataDir?: string;
}

/** The data folder a command uses: the global --data-dir, else ECHOING_ECG_DATA_DIR, else the platform's. */
export function cliDataDir(io: CliIo): string {
  return dataDir(io.dataDir);
}

/** One `echoing-ecg <name>` subcommand. Each file in src-main/cli/commands/ exports `command: CliCommand`. */
export interface CliCommand {
  name: string;
  /** One line for the overview printed by `echoing-ecg --help`. */
  summary: string;
  /** Full usage text printed by `echoing-ecg <name> --help`. */
  usage: string;
  /** Runs with the arguments after the subcommand name; resolves to the process exit code (0 ok, 1 failure, 2 usage). */
  run(argv: string[], io: CliIo): Promise<number>;
}
