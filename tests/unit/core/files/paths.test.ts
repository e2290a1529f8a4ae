import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, isInsideRoots } from '../../../../src-main/core/files/paths';

describe('isInside', () => {
  it('accepts the folder itself and anything below', () => {
    expect(isInside('/data/ecg', '/data/ecg')).toBe(true);
    expect(isInside('/data/ecg', '/data/ecg/a/b.xml')).toBe(true);
    expect(isInside('/data/ecg/', '/data/ecg/a')).toBe(true);
  });

  it('refuses parents, traversal and sibling folders sharing the prefix', () => {
    expect(isInside('/data/ecg', '/data')).toBe(false);
    expect(isInside('/data/ecg', '/data/ecg/../secret')).toBe(false);
    expect(isInside('/data/ecg', '/data/ecg-evil/a.xml')).toBe(false);
    expect(isInside('/data/ecg', '/data/ecgevil')).toBe(false);
    expect(isInside('/app/out/renderer', '/app/out/renderer-evil/index.html')).toBe(false);
  });

  it('keeps names that merely start with two dots inside', () => {
    expect(isInside('/data/ecg', '/data/ecg/..hidden')).toBe(true);
  });
});

describe('isInsideRoots', () => {
  it('resolves symlinks, so a link pointing out of a root is outside', async () => {
    const base = await mkdtemp(join(tmpdir(), 'echoing-paths-'));
    await mkdir(join(base, 'root'));
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret.xml'), 'x');
    await writeFile(join(base, 'root', 'ok.xml'), 'x');
    await symlink(join(base, 'outside'), join(base, 'root', 'link'));
    const roots = [join(base, 'root')];
    expect(await isInsideRoots(roots, join(base, 'root', 'ok.xml'))).toBe(true);
    expect(await isInsideRoots(roots, join(base, 'root', 'link', 'secret.xml'))).toBe(false);
    expect(await isInsideRoots(roots, join(base, 'outside', 'secret.xml'))).toBe(false);
    expect(await isInsideRoots(roots, join(base, 'root', 'missing.xml'))).toBe(false);
  });
});
