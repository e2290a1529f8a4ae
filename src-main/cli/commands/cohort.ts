import type { CliCommand } from '../types';

/** `echoing-ecg cohort`: not implemented yet; its owner replaces this file with the real command. */
export const command: CliCommand = {
  name: 'cohort',
  summary: 'Build, score and export a cohort of ECGs (not available yet)',
  usage: 'Usage: echoing-ecg cohort\n\nThis command is not available yet in this build.\n',
  run(_argv, io) {
    io.stderr('echoing-ecg cohort: not available yet\n');
    return Promise.resolve(2);
  },
};
