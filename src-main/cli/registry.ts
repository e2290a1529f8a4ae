import { command as cohort } from './commands/cohort';
import { command as inspect } from './commands/inspect';
import { command as pacs } from './commands/pacs';
import { command as predict } from './commands/predict';
import { command as report } from './commands/report';
import type { CliCommand } from './types';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [inspect, predict, cohort, report, pacs];
