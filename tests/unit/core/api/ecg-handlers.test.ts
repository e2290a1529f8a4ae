import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

describe('ecg:open with reading hints (headerless CSV)', () => {
  it('answers SAMPLE_RATE_UNKNOWN without a rate, reads with the given one, and remembers it for the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echoing-ecg-hints-'));
    const export1 = join(dir, 'export');
    await mkdir(export1);
    const csv = 'I,II\n0.1,0.2\n0.2,0.3\n0.3,0.1\n';
    await writeFile(join(export1, 'a.csv'), csv);
    await writeFile(join(export1, 'b.csv'), csv);
    await writeFile(join(dir, 'other.csv'), csv);
    const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(dir, 'data'), bundledModelsDir: dir };
    const handlers = createEcgHandlers(deps, new RecentFiles(deps.dataDir));
    const open = (path: string, hints?: { sampleRateHz?: number; uvPerUnit?: number }) =>
      handlers['ecg:open']({ token: deps.files.handOut(path, 'file').token, ...(hints ? { hints } : {}) }, ctx);

    await expect(open(join(export1, 'a.csv'))).rejects.toSatisfy((e: unknown) => isCoreError(e, 'SAMPLE_RATE_UNKNOWN'));
    const a = await open(join(export1, 'a.csv'), { sampleRateHz: 250, uvPerUnit: 1000 });
    expect(a.record.groups[0]?.sampleRateHz).toBe(250);
    expect(a.record.groups[0]?.leads[0]?.samples[0]).toBeCloseTo(100, 3);
    expect(a.hints).toEqual({ sampleRateHz: 250, uvPerUnit: 1000, source: 'request' });
    // The next file of the same folder opens with the remembered hints; another folder still asks.
    const b = await open(join(export1, 'b.csv'));
    expect(b.record.groups[0]?.sampleRateHz).toBe(250);
    expect(b.hints).toEqual({ sampleRateHz: 250, uvPerUnit: 1000, source: 'folder' });
    await expect(open(join(dir, 'other.csv'))).rejects.toSatisfy((e: unknown) => isCoreError(e, 'SAMPLE_RATE_UNKNOWN'));
    // Kept in the data folder across handler instances (a restart).
    const again = createEcgHandlers(deps, new RecentFiles(deps.dataDir));
    const reopened = await again['ecg:open']({ token: deps.files.handOut(join(export1, 'b.csv'), 'file').token }, ctx);
    expect(reopened.record.groups[0]?.sampleRateHz).toBe(250);
    const stored = JSON.parse(await readFile(join(deps.dataDir, 'folder-hints.json'), 'utf8')) as { folders: [string, unknown][] };
    expect(stored.folders).toEqual([[export1, { sampleRateHz: 250, uvPerUnit: 1000 }]]);
  });

  it('ignores a damaged hints file and implausible stored values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echoing-ecg-hints-'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'a.csv'), 'I\n1\n2\n');
    await writeFile(join(dir, 'data', 'folder-hints.json'), JSON.stringify({ folders: [[dir, { sampleRateHz: -5, uvPerUnit: 'x' }]] }));
    const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(dir, 'data'), bundledModelsDir: dir };
    const handlers = createEcgHandlers(deps, new RecentFiles(deps.dataDir));
    const token = deps.files.handOut(join(dir, 'a.csv'), 'file').token;
    await expect(handlers['ecg:open']({ token }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'SAMPLE_RATE_UNKNOWN'));
    await writeFile(join(dir, 'data', 'folder-hints.json'), '{not json');
    await expect(handlers['ecg:open']({ token }, ctx)).rejects.toSatisfy((e: unknown) => isCoreError(e, 'SAMPLE_RATE_UNKNOWN'));
  });
});
