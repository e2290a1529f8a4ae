import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileRef } from '../../../../src-main/contract';
import { createAppHandlers } from '../../../../src-main/core/api/app-handlers';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import { APP_VERSION, CORE_VERSION } from '../../../../src-main/core/api/version';
import { isCoreError } from '../../../../src-main/core/errors';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';

const ctx = { emit: vi.fn() };
let base: string;
let root: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'echoing-app-'));
  root = join(base, 'root');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(join(base, 'root-evil'));
  await mkdir(join(base, 'outside'));
  for (const name of ['ecg10.xml', 'ecg2.xml', 'ecg1.xml', 'rec.hea', 'rec.dat', 'notes.txt', '.hidden.xml']) {
    await writeFile(join(root, name), name);
  }
  await writeFile(join(base, 'root-evil', 'secret.xml'), 'x');
  await writeFile(join(base, 'outside', 'secret.xml'), 'x');
  await symlink(join(base, 'outside'), join(root, 'escape'));
  return () => rm(base, { recursive: true, force: true });
});

function make(overrides: Partial<CoreDeps> = {}) {
  const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(base, 'data'), bundledModelsDir: base, browseRoots: [root], ...overrides };
  return { deps, handlers: createAppHandlers(deps, new RecentFiles(deps.dataDir)) };
}

async function expectCode(promise: unknown, code: string) {
  await expect(Promise.resolve(promise)).rejects.toSatisfy((e: unknown) => isCoreError(e) && e.code === code);
}

describe('app:info', () => {
  it('reports versions and transport', async () => {
    const { handlers } = make({ transport: 'electron' });
    const info = await handlers['app:info']({}, ctx);
    expect(info).toMatchObject({ appName: 'EchoingECG Review', appVersion: APP_VERSION, coreVersion: CORE_VERSION, transport: 'electron' });
    expect(info.nodeVersion).toBe(process.versions.node);
  });
});

describe('files:browse', () => {
  it('lists the roots, then a folder as tokens, folders first, hidden files and escaping links left out', async () => {
    const { handlers } = make();
    const top = await handlers['files:browse']({}, ctx);
    expect(top.folder).toBeNull();
    expect(top.entries.map((e) => e.name)).toEqual(['root']);
    const listing = await handlers['files:browse']({ folderToken: top.entries[0]?.token }, ctx);
    expect(listing.entries.map((e) => `${e.kind}:${e.name}`)).toEqual([
      'folder:sub',
      'file:ecg1.xml',
      'file:ecg10.xml',
      'file:ecg2.xml',
      'file:notes.txt',
      'file:rec.dat',
      'file:rec.hea',
    ]);
    expect(listing.parent).toBeNull();
    const sub = await handlers['files:browse']({ folderToken: listing.entries[0]?.token }, ctx);
    expect(sub.parent?.name).toBe('root');
    expect(sub.entries).toEqual([]);
  });

  it('refuses a folder outside the roots even with a valid token', async () => {
    const { deps, handlers } = make();
    const evil = deps.files.handOut(join(base, 'root-evil'), 'folder');
    await expectCode(handlers['files:browse']({ folderToken: evil.token }, ctx), 'PATH_TRAVERSAL');
    const dotted = deps.files.handOut(join(root, '..', 'outside'), 'folder');
    await expectCode(handlers['files:browse']({ folderToken: dotted.token }, ctx), 'PATH_TRAVERSAL');
  });

  it('refuses tokens it never handed out, and file tokens used as folders', async () => {
    const { deps, handlers } = make();
    await expectCode(handlers['files:browse']({ folderToken: 'deadbeef' }, ctx), 'UNKNOWN_FILE_TOKEN');
    const file = deps.files.handOut(join(root, 'ecg1.xml'), 'file');
    await expectCode(handlers['files:browse']({ folderToken: file.token }, ctx), 'UNKNOWN_FILE_TOKEN');
  });
});

describe('files:sibling', () => {
  it('steps through ECG-looking files in natural order, skipping .dat, .txt and hidden files', async () => {
    const { deps, handlers } = make();
    const walk: string[] = [];
    let ref: FileRef | null = deps.files.handOut(join(root, 'ecg1.xml'), 'file');
    while (ref) {
      walk.push(ref.name);
      ref = await handlers['files:sibling']({ token: ref.token, direction: 'next' }, ctx);
    }
    expect(walk).toEqual(['ecg1.xml', 'ecg2.xml', 'ecg10.xml', 'rec.hea']);
    const last = deps.files.handOut(join(root, 'rec.hea'), 'file');
    const prev = await handlers['files:sibling']({ token: last.token, direction: 'previous' }, ctx);
    expect(prev?.name).toBe('ecg10.xml');
    const first = deps.files.handOut(join(root, 'ecg1.xml'), 'file');
    expect(await handlers['files:sibling']({ token: first.token, direction: 'previous' }, ctx)).toBeNull();
  });

  it('still finds neighbours when the current file was deleted', async () => {
    const { deps, handlers } = make();
    const gone = deps.files.handOut(join(root, 'ecg3.xml'), 'file');
    expect((await handlers['files:sibling']({ token: gone.token, direction: 'next' }, ctx))?.name).toBe('ecg10.xml');
    expect((await handlers['files:sibling']({ token: gone.token, direction: 'previous' }, ctx))?.name).toBe('ecg2.xml');
  });
});

describe('files:pick', () => {
  it('needs a native dialog', async () => {
    const { handlers } = make();
    await expectCode(handlers['files:pick']({ purpose: 'ecg' }, ctx), 'BAD_REQUEST');
  });

  it('hands out what the dialog returned, skipping vanished paths', async () => {
    const pickPaths = vi.fn(() => Promise.resolve([join(root, 'ecg1.xml'), join(root, 'missing.xml'), join(root, 'sub')]));
    const { deps, handlers } = make({ pickPaths, browseRoots: undefined, transport: 'electron' });
    const refs = await handlers['files:pick']({ purpose: 'ecg', multiple: true }, ctx);
    expect(pickPaths).toHaveBeenCalledWith('ecg', true);
    expect(refs.map((r) => `${r.kind}:${r.name}`)).toEqual(['file:ecg1.xml', 'folder:sub']);
    expect(refs[0]?.sizeBytes).toBe('ecg1.xml'.length);
    expect(deps.files.resolve(refs[0]?.token ?? '')).toBe(join(root, 'ecg1.xml'));
  });
});

describe('files:recent', () => {
  it('persists across restarts, most recent first, dropping vanished files and files outside the roots', async () => {
    const dataDir = join(base, 'data');
    const recent = new RecentFiles(dataDir);
    await recent.add(join(root, 'ecg1.xml'));
    await recent.add(join(base, 'outside', 'secret.xml'));
    await recent.add(join(root, 'ecg2.xml'));
    await recent.add(join(root, 'gone.xml'));
    await recent.add(join(root, 'ecg1.xml'));
    const { handlers } = make({ dataDir });
    const refs = await handlers['files:recent']({}, ctx);
    expect(refs.map((r) => r.name)).toEqual(['ecg1.xml', 'ecg2.xml']);
  });

  it('reads a damaged list as empty', async () => {
    const dataDir = join(base, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'recent-files.json'), '{not json');
    const { handlers } = make({ dataDir });
    expect(await handlers['files:recent']({}, ctx)).toEqual([]);
  });
});
