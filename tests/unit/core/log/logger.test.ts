import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { closeFileLogging, initFileLogging, levelFromEnv, log, rotateLogFile } from '../../../../src-main/core/log/logger';
import { rememberIdentifiers, resetRedaction } from '../../../../src-main/core/log/redact';

const dir = mkdtempSync(join(tmpdir(), 'echoing-log-'));
afterAll(() => {
  closeFileLogging();
  resetRedaction();
  rmSync(dir, { recursive: true, force: true });
});

describe('the application log', () => {
  it('writes levels to <program>.log with paths and patient identifiers redacted', () => {
    const file = initFileLogging({ program: 'cli', dir, level: 'info' });
    expect(file).toBe(join(dir, 'cli.log'));
    rememberIdentifiers(['MARTIN^ANNE', 'P-778812']);
    log.info('opened', { fileName: 'MARTIN_ANNE.dcm', leads: 12 });
    log.error('read failed', new Error("ENOENT: no such file or directory, open '/data/MARTIN^ANNE/P-778812.xml'"));
    log.warn('patient id P-778812 has no acquisition time');
    log.debug('not written at info');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[info\]\s+\[cli \d+\] opened/);
    expect(text).toMatch(/\[error\]\s+\[cli \d+\] read failed Error: ENOENT: no such file or directory, open '<path>'/);
    expect(text).toContain('[warn]');
    expect(text).not.toContain('not written');
    for (const secret of ['MARTIN', 'ANNE', 'P-778812', '/data/']) expect(text).not.toContain(secret);
  });

  it('takes its level from ECHOING_ECG_LOG_LEVEL', () => {
    expect(levelFromEnv({ ECHOING_ECG_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(levelFromEnv({ ECHOING_ECG_LOG_LEVEL: 'loud' })).toBe('info');
    expect(levelFromEnv({})).toBe('info');
  });

  it('rotates program.log into numbered files and drops the oldest', () => {
    const rot = mkdtempSync(join(dir, 'rot-'));
    const path = join(rot, 'desktop.log');
    for (let i = 1; i <= 4; i++) {
      writeFileSync(path, `generation ${i}`);
      rotateLogFile(path, 3);
    }
    expect(readdirSync(rot).sort()).toEqual(['desktop.1.log', 'desktop.2.log', 'desktop.3.log']);
    expect(readFileSync(join(rot, 'desktop.1.log'), 'utf8')).toBe('generation 4');
    expect(readFileSync(join(rot, 'desktop.3.log'), 'utf8')).toBe('generation 2');
    expect(existsSync(path)).toBe(false);
  });

  it("writes what a worker thread logs, and the worker's uncaught error, redacted", async () => {
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'worker-fixture.ts'))});`, { eval: true });
    await new Promise<void>((resolve) => {
      worker.on('error', () => undefined);
      worker.on('exit', () => resolve());
    });
    const file = join(dir, 'cli.log');
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 5000 }).toContain('worker crashed');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[warn\]\s+\[cli \d+\] \[worker\] worker reading <path>/);
    expect(text).toMatch(/\[error\] .*\[worker\] uncaught uncaughtException in a worker: Error: worker crashed on '<path>'/);
    expect(text).not.toContain('Garcia');
  });
});
