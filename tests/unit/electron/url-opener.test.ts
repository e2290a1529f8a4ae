import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ shell: { openExternal: vi.fn(() => Promise.resolve()) } }));

const { isSafeExternalUrl, openExternalUrl } = await import('../../../src-main/electron/url-opener');
const { shell } = await import('electron');

describe('external URL opener', () => {
  beforeEach(() => vi.mocked(shell.openExternal).mockClear());

  it.each(['https://www.electronjs.org/docs/latest/tutorial/security', 'http://example.org/a?b=c#d', 'https://127.0.0.1:8080/'])(
    'allows %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
      expect(openExternalUrl(url)).toBe(true);
      expect(shell.openExternal).toHaveBeenCalledWith(url);
    },
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://renderer/index.html',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox',
    'https://user:pass@example.org/',
    'https://user@example.org/',
    'not a url',
    '',
    `https://example.org/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
    expect(openExternalUrl(url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses non-strings without throwing', () => {
    expect(isSafeExternalUrl(undefined as unknown as string)).toBe(false);
    expect(isSafeExternalUrl({ toString: () => 'https://x.org' } as unknown as string)).toBe(false);
  });
});
