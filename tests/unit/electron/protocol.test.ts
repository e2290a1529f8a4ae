import { isAbsolute, join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }));

const { resolveAppPath, registerAppScheme, mimeTypeOf, APP_ENTRY_URL } = await import('../../../src-main/electron/protocol');
const { protocol } = await import('electron');

const root = '/app/out/renderer';

describe('app:// protocol resolver', () => {
  it('serves files under the renderer root', () => {
    expect(resolveAppPath(root, 'app://renderer/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://renderer/assets/index-abc.js')).toBe(join(root, 'assets/index-abc.js'));
    expect(resolveAppPath(root, 'app://renderer/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, APP_ENTRY_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://renderer/a%20b.css')).toBe(join(root, 'a b.css'));
  });

  it.each([
    ['plain ..', 'app://renderer/../../etc/passwd'],
    ['encoded dots', 'app://renderer/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed encoded dots', 'app://renderer/.%2E/secret'],
    ['encoded slash', 'app://renderer/..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://renderer/..%5c..%5csecret'],
    ['backslash', 'app://renderer/..\\secret'],
    ['sibling prefix folder', 'app://renderer/../renderer-evil/index.html'],
    ['encoded sibling prefix', 'app://renderer/%2e%2e/renderer-evil/x.js'],
    ['NUL byte', 'app://renderer/index.html%00.png'],
    ['bad escape', 'app://renderer/%E0%A4%A'],
    ['other host', 'app://evil/index.html'],
    ['other scheme', 'file:///app/out/renderer/index.html'],
    ['https', 'https://renderer/index.html'],
    ['not a URL', 'renderer/index.html'],
  ])('refuses %s', (_name, url) => {
    const resolved = resolveAppPath(root, url);
    if (resolved !== null) {
      // URL parsing may collapse a leading `..` before we see it; whatever survives must be inside the root.
      const rel = relative(root, resolved);
      expect(rel.startsWith('..') || isAbsolute(rel) || rel === '').toBe(false);
      expect(resolved.startsWith('/app/out/renderer-evil')).toBe(false);
      expect(resolved.startsWith('/etc/')).toBe(false);
    }
  });

  it('never maps a traversal attempt outside the root (strict null for raw paths)', () => {
    expect(resolveAppPath(root, 'app://renderer/..%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://renderer/%2e%2e%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
  });

  it('keeps a sibling folder sharing the root prefix unreachable', () => {
    // The collapsed `..` lands inside the root, never in /app/out/renderer-evil next to it.
    expect(resolveAppPath(root, 'app://renderer/../renderer-evil/index.html')).toBe(join(root, 'renderer-evil/index.html'));
    expect(resolveAppPath(root, 'app://renderer/%2e%2e/renderer-evil/x.js')).toBe(join(root, 'renderer-evil/x.js'));
    // A root given with a trailing slash behaves the same.
    expect(resolveAppPath(`${root}/`, 'app://renderer/index.html')).toBe(join(root, 'index.html'));
  });

  it('registers app:// as a standard, secure scheme', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('knows the content types it serves', () => {
    expect(mimeTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeOf('/x/a.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});
