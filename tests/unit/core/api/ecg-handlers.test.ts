import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import { createEcgHandlers } from '../../../../src-main/core/api/ecg-handlers';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { CoreError, isCoreError } from '../../../../src-main/core/errors';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';
import { recordBase } from '../../../helpers/record-base';

const ctx = { emit: vi.fn() };

function record(): EcgRecord {
  return {
    ...recordBase(),
    groups: [{ kind: 'rhythm', sampleRateHz: 500, leads: [{ name: 'I', samples: new Float32Array([1, 2, 3]), derived: false }] }],
  };
}

async function setup(read: (path: string) => Promise<EcgRecord>) {
  const dir = await mkdtemp(join(tmpdir(), 'echoing-ecg-h-'));
  const path = join(dir, 'a.csv');
  await writeFile(path, 'I\n1\n2\n3\n');
  const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(dir, 'data'), bundledModelsDir: dir };
  const recent = new RecentFiles(deps.dataDir);
  return { dir, path, deps, recent, handlers: createEcgHandlers(deps, recent, read) };
}

describe('ecg:open', () => {
  it('reads the file behind the token and remembers it as recent', async () => {
    const read = vi.fn(() => Promise.resolve(record()));
    const { path, deps, recent, handlers } = await setup(read);
    const ref = deps.files.handOut(path, 'file');
    const opened = await handlers['ecg:open']({ token: ref.token }, ctx);
    expect(read).toHaveBeenCalledWith(path);
    expect(opened.file).toEqual({ token: ref.token, name: 'a.csv', sizeBytes: 8 });
    expect(opened.record.groups[0]?.leads[0]?.samples).toEqual(new Float32Array([1, 2, 3]));
    expect(await recent.list()).toEqual([path]);
  });

  it('refuses tokens main never handed out, and folder tokens', async () => {
    const { dir, deps, handlers } = await setup(() => Promise.resolve(record()));
    await expect(handlers['ecg:open']({ token: 'forged' }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'UNKNOWN_FILE_TOKEN'));
    const folder = deps.files.handOut(dir, 'folder');
    await expect(handlers['ecg:open']({ token: folder.token }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'UNKNOWN_FILE_TOKEN'));
  });

  it('answers FILE_NOT_FOUND for a file deleted since, and passes reader errors through', async () => {
    const { dir, deps, recent, handlers } = await setup(() => Promise.reject(new CoreError('NOT_AN_ECG', 'Not an ECG.')));
    const gone = deps.files.handOut(join(dir, 'gone.csv'), 'file');
    await expect(handlers['ecg:open']({ token: gone.token }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'FILE_NOT_FOUND'));
    const ref = deps.files.handOut(join(dir, 'a.csv'), 'file');
    await expect(handlers['ecg:open']({ token: ref.token }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'NOT_AN_ECG'));
    expect(await recent.list()).toEqual([]);
  });
});
