import type { CliCommand } from '../types';

/** `echoing-ecg inspect`: not implemented yet; its owner replaces this file with the real command. */
export const command: CliCommand = {
  name: 'inspect',
  summary: 'Decode an ECG file and print its leads, rate, measurements and warnings (not available yet)',
  usage: 'Usage: echoing-ecg inspect\n\nThis command is not available yet in this build.\n',
  run(_argv, io) {
    io.stderr('echoing-ecg inspect: not available yet\n');
    return Promise.resolve(2);
  },
};
