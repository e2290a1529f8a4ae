import { describe, expect, it, vi } from 'vitest';

const handlers: Record<string, unknown> = {};

vi.mock('electron', () => ({
  app: { on: vi.fn((name: string, fn: unknown) => (handlers[`app:${name}`] = fn)) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((fn: unknown) => (handlers.permissionRequest = fn)),
      setPermissionCheckHandler: vi.fn((fn: unknown) => (handlers.permissionCheck = fn)),
      setDevicePermissionHandler: vi.fn((fn: unknown) => (handlers.devicePermission = fn)),
      webRequest: { onBeforeRequest: vi.fn((fn: unknown) => (handlers.beforeRequest = fn)) },
    },
  },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

const { hardenWebContents, isAllowedRequestUrl, setupSecurity } = await import('../../../src-main/electron/security');
const { shell } = await import('electron');

function fakeContents() {
  const listeners: Record<string, (event: { preventDefault: () => void }, ...args: unknown[]) => void> = {};
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: vi.fn((name: string, fn: (typeof listeners)[string]) => (listeners[name] = fn)),
    setWindowOpenHandler: vi.fn((fn: typeof openHandler) => (openHandler = fn)),
  };
  return { contents, listeners, open: (url: string) => openHandler?.({ url }) };
}

describe('renderer hardening', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('blocks %s', (name) => {
    const { contents, listeners } = fakeContents();
    hardenWebContents(contents as never);
    const event = { preventDefault: vi.fn() };
    listeners[name]?.(event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies window.open and sends only vetted links to the system browser', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never);
    expect(open('https://example.org/')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.org/');
    vi.mocked(shell.openExternal).mockClear();
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('app://renderer/index.html')).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('hardens every web contents and refuses every permission', () => {
    setupSecurity();
    const { contents, listeners } = fakeContents();
    (handlers['app:web-contents-created'] as (e: unknown, c: unknown) => void)({}, contents);
    expect(listeners['will-navigate']).toBeTypeOf('function');
    const callback = vi.fn();
    (handlers.permissionRequest as (...a: unknown[]) => void)({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((handlers.permissionCheck as () => boolean)()).toBe(false);
    expect((handlers.devicePermission as () => boolean)()).toBe(false);
  });

  it('cancels remote and disk requests, allows only the app origin', () => {
    setupSecurity();
    const decide = (url: string) => {
      const cb = vi.fn();
      (handlers.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, cb);
      return (cb.mock.calls[0]?.[0] as { cancel: boolean }).cancel;
    };
    expect(decide('app://renderer/assets/index.js')).toBe(false);
    expect(decide('https://cdn.example/lib.js')).toBe(true);
    expect(decide('http://127.0.0.1:1234/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://other/x.js')).toBe(true);
    expect(decide('ws://evil/')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('garbage')).toBe(false);
  });
});
