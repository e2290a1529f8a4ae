import type { CliCommand } from '../types';

/** `echoing-ecg predict`: not implemented yet; its owner replaces this file with the real command. */
export const command: CliCommand = {
  name: 'predict',
  summary: 'Run a model pack on ECG files and print predictions with uncertainty (not available yet)',
  usage: 'Usage: echoing-ecg predict\n\nThis command is not available yet in this build.\n',
  run(_argv, io) {
    io.stderr('echoing-ecg predict: not available yet\n');
    return Promise.resolve(2);
  },
};
