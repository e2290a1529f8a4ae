import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppHandlers } from '../../../../src-main/core/api/app-handlers';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';
import { closeFileLogging, initFileLogging } from '../../../../src-main/core/log/logger';

const ctx = { emit: vi.fn() };
let base: string;
let logs: string;
const savedLogDir = process.env.ECHOING_ECG_LOG_DIR;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'echoing-app-ws-'));
  logs = join(base, 'logs');
  process.env.ECHOING_ECG_LOG_DIR = logs;
});
afterAll(async () => {
  closeFileLogging();
  process.env.ECHOING_ECG_LOG_DIR = savedLogDir;
  await rm(base, { recursive: true, force: true });
});

function make(overrides: Partial<CoreDeps> = {}) {
  const deps: CoreDeps = { transport: 'electron', files: new FileRegistry(), dataDir: join(base, 'data'), bundledModelsDir: base, ...overrides };
  return createAppHandlers(deps, new RecentFiles(deps.dataDir));
}

describe('workstation channels', () => {
  it('app:info names the shared data folder and the log folder', async () => {
    const info = await make()['app:info']({}, ctx);
    expect(info).toMatchObject({ dataDir: join(base, 'data'), logDir: logs });
  });

  it('files:launch returns what the app was started with, and nothing in the web host', async () => {
    const refs = [{ token: 't1', name: 'a.dcm', kind: 'file' as const }];
    expect(await make({ takeLaunchFiles: () => refs })['files:launch']({}, ctx)).toBe(refs);
    expect(await make({ transport: 'web' })['files:launch']({}, ctx)).toEqual([]);
  });

  it('app:open-logs creates the log folder and opens it with the system opener, or says it could not', async () => {
    const opened: string[] = [];
    const r = await make({ openFolder: async (p) => (opened.push(p), true) })['app:open-logs']({}, ctx);
    expect(r).toEqual({ opened: true });
    expect(opened).toEqual([logs]);
    expect(existsSync(logs)).toBe(true);
    expect(await make()['app:open-logs']({}, ctx)).toEqual({ opened: false });
  });

  it('app:report-error writes the renderer error to the log, redacted', async () => {
    const file = initFileLogging({ program: 'desktop', dir: logs, level: 'info' });
    await make()['app:report-error']({ kind: 'unhandledrejection', message: "Cannot read '/home/u/Smith_J/a.dcm'", stack: 'at x (/home/u/Smith_J/b.js:1:1)' }, ctx);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/\[error\]\s+\[desktop \d+\] renderer unhandledrejection: Cannot read '<path>'/);
    expect(text).not.toContain('Smith');
  });
});
