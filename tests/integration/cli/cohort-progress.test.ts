import { describe, expect, it } from 'vitest';
import { progressPrinter, progressText } from '../../../src-main/cli/commands/cohort-progress';
import type { JobProgress } from '../../../src-main/core/cohort/types';

const base: JobProgress = {
  jobId: 'j', cohortId: 1, state: 'running', total: 200, processed: 50, scored: 45, skipped: 3, failed: 2,
  filesPerSecond: 12.5, etaSeconds: 125, elapsedS: 4,
};

describe('cohort score progress', () => {
  it('redraws one bar line on a terminal and ends it with a newline', () => {
    let err = '';
    const print = progressPrinter({ stdout: () => undefined, stderr: (t) => (err += t), isTTY: true });
    print(base);
    expect(err).toBe('\r[#######---------------------] running 50/200 (25%) scored 45 skipped 3 failed 2 12.5 ECG/s ETA 2m05s\x1b[K');
    print({ ...base, state: 'done', processed: 200, etaSeconds: 0 });
    expect(err.endsWith('\n')).toBe(true);
    expect(err.split('\n')).toHaveLength(2);
  });

  it('prints plain lines otherwise, at most one per 2 s unless the state changes', () => {
    let err = '';
    const print = progressPrinter({ stdout: () => undefined, stderr: (t) => (err += t), isTTY: false });
    print(base);
    print({ ...base, processed: 51 });
    print({ ...base, state: 'paused' });
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(progressText({ ...base, state: 'paused' }));
    expect(err).not.toContain('\r');
  });
});
