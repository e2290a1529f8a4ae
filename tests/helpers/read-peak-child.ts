/**
 * Child process for memory tests and the fuzz bench: reads one ECG file with the readers and prints, as JSON,
 * the resident memory just before reading and the peak while reading (bytes), and the outcome. Run with
 * `node --expose-gc --import tsx`.
 *
 * On Linux the peak is reset just before reading (writing 5 to /proc/self/clear_refs resets VmHWM), so the
 * transient memory of loading tsx and the modules does not hide the reading's own peak; elsewhere the process'
 * lifetime peak (maxRSS) is reported, which can only overstate it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readEcgFile } from '../../src-main/core/ecg/read-file';
import { toErrorValue } from '../../src-main/core/errors';

function status(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const path = process.argv[2] as string;
  (globalThis as { gc?: () => void }).gc?.();
  const reset = resetPeak();
  const before = (reset ? status('VmRSS') : undefined) ?? process.resourceUsage().maxRSS * 1024;
  let outcome: string;
  try {
    const r = await readEcgFile(path);
    outcome = `ok ${r.groups.reduce((n, g) => n + g.leads.length, 0)} leads`;
  } catch (e) {
    outcome = toErrorValue(e).code;
  }
  const after = (reset ? status('VmHWM') : undefined) ?? process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ before, after, outcome })}\n`);
}

void main();
