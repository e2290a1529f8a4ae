import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../../src-main/core/files/static-files';

const root = '/app/out/renderer';

describe('static file resolver (raw request paths: Node does not normalise them)', () => {
  it('maps paths under the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index.js')).toBe(join(root, 'assets/index.js'));
    expect(resolveStaticPath(root, '/a%20b.css')).toBe(join(root, 'a b.css'));
    expect(resolveStaticPath(root, '/..notes.txt')).toBe(join(root, '..notes.txt'));
  });

  it.each([
    '/../secret',
    '/../../etc/passwd',
    '/assets/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/.%2e/secret',
    '/..%2fsecret',
    '/..%2Fsecret',
    '/..%5csecret',
    '/..\\secret',
    '/../renderer-evil/index.html',
    '/%2e%2e/renderer-evil/index.html',
    '/index.html%00.png',
    '/%E0%A4%A',
  ])('refuses %s', (path) => {
    expect(resolveStaticPath(root, path)).toBeNull();
  });
});
