import { resolve } from 'node:path';

/** Absolute path of a committed ECG fixture (tests/fixtures/ecg/<format>/<name>). */
export function ecgFixture(...parts: string[]): string {
  return resolve(__dirname, '../../../fixtures/ecg', ...parts);
}
