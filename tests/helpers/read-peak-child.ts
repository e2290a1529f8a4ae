/**
 * Child process for memory tests and the fuzz bench: reads one ECG file with the readers and prints, as JSON,
 * the peak resident memory before and after reading (bytes) and the outcome. Run with `node --import tsx`.
 */
import { readEcgFile } from '../../src-main/core/ecg/read-file';
import { toErrorValue } from '../../src-main/core/errors';

const peak = () => process.resourceUsage().maxRSS * 1024;

async function main(): Promise<void> {
  const path = process.argv[2] as string;
  const before = peak();
  let outcome: string;
  try {
    const r = await readEcgFile(path);
    outcome = `ok ${r.groups.reduce((n, g) => n + g.leads.length, 0)} leads`;
  } catch (e) {
    outcome = toErrorValue(e).code;
  }
  process.stdout.write(`${JSON.stringify({ before, after: peak(), outcome })}\n`);
}

void main();
