import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HandlerMap } from '../../../src-main/core/api/types';

const registered = new Map<string, (event: unknown, payload: unknown) => unknown>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((name: string, fn: (event: unknown, payload: unknown) => unknown) => registered.set(name, fn)),
    removeHandler: vi.fn((name: string) => registered.delete(name)),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

const { handle, handleDrop, isTrustedSender, setupIpc, DROP_CHANNEL } = await import('../../../src-main/electron/ipc');
const { CHANNEL_NAMES } = await import('../../../src-main/contract');
const { CoreError } = await import('../../../src-main/core/errors');
const { FileRegistry } = await import('../../../src-main/core/files/file-registry');

/** A fake invoke event; `frame` overrides let each test build one untrusted property at a time. */
function fakeEvent(frame: Partial<{ url: string; parent: unknown; isMain: boolean }> | null = {}) {
  const send = vi.fn();
  const mainFrame = { url: 'app://renderer/index.html', parent: null, processId: 1, routingId: 1 };
  const senderFrame =
    frame === null
      ? null
      : frame.isMain === false
        ? { url: frame.url ?? 'app://renderer/index.html', parent: frame.parent ?? mainFrame, processId: 1, routingId: 2 }
        : Object.assign(mainFrame, frame.url ? { url: frame.url } : {});
  return { senderFrame, sender: { mainFrame, send, isDestroyed: () => false }, send };
}

const handlers = {
  'app:info': vi.fn(() => ({ appName: 'x' })),
  'files:sibling': vi.fn(() => {
    throw new CoreError('UNKNOWN_FILE_TOKEN', 'gone');
  }),
} as unknown as HandlerMap;

describe('IPC sender check', () => {
  it('trusts only the top frame of app://renderer', () => {
    expect(isTrustedSender(fakeEvent() as never)).toBe(true);
    expect(isTrustedSender(fakeEvent(null) as never)).toBe(false);
    expect(isTrustedSender(fakeEvent({ isMain: false }) as never)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'https://evil.example/' }) as never)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'app://evil/index.html' }) as never)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'file:///app/out/renderer/index.html' }) as never)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'not a url' }) as never)).toBe(false);
    // A top-level frame that is not this window's main frame (another process or routing id).
    const other = fakeEvent();
    const stranger = { url: 'app://renderer/index.html', parent: null, processId: 9, routingId: 9 };
    expect(isTrustedSender({ ...other, senderFrame: stranger } as never)).toBe(false);
    const twin = { url: 'app://renderer/index.html', parent: null, processId: 1, routingId: 1 };
    expect(isTrustedSender({ ...other, senderFrame: twin } as never)).toBe(true);
  });

  it('answers an untrusted sender with UNTRUSTED_SENDER and never calls the handler', async () => {
    const result = await handle(handlers, 'app:info', fakeEvent({ url: 'https://evil.example/' }) as never, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(handlers['app:info']).not.toHaveBeenCalled();
  });
});

describe('handle()', () => {
  it('validates payloads with the contract schema', async () => {
    for (const bad of [null, 'x', 42, [], { unexpected: true }]) {
      const result = await handle(handlers, 'app:info', fakeEvent() as never, bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const wrongType = await handle(handlers, 'files:sibling', fakeEvent() as never, { token: 'a', direction: 'up' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('returns handler values and coded errors as values', async () => {
    expect(await handle(handlers, 'app:info', fakeEvent() as never, {})).toEqual({ ok: true, value: { appName: 'x' } });
    const err = await handle(handlers, 'files:sibling', fakeEvent() as never, { token: 't', direction: 'next' });
    expect(err).toEqual({ ok: false, error: { code: 'UNKNOWN_FILE_TOKEN', message: 'gone' } });
    expect(await handle(handlers, 'nope:nothing', fakeEvent() as never, {})).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('registers exactly the contract channels plus the drop channel', () => {
    const undo = setupIpc(handlers, new FileRegistry());
    expect([...registered.keys()].sort()).toEqual([...CHANNEL_NAMES, DROP_CHANNEL].sort());
    undo();
    expect(registered.size).toBe(0);
  });
});

describe('dropped files', () => {
  it('hands out tokens for real absolute paths only and emits files:opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echoing-drop-'));
    const file = join(dir, 'a.xml');
    await writeFile(file, '<x/>');
    const files = new FileRegistry();
    const event = fakeEvent();
    const result = await handleDrop(files, event as never, [file, 'relative/b.xml', join(dir, 'missing.xml'), dir]);
    expect(result.ok).toBe(true);
    const refs = result.ok ? result.value : [];
    expect(refs.map((r) => [r.name, r.kind])).toEqual([
      ['a.xml', 'file'],
      [dir.split('/').at(-1), 'folder'],
    ]);
    expect(files.resolve(refs[0]?.token ?? '')).toBe(file);
    expect(event.send).toHaveBeenCalledWith('files:opened', refs);
  });

  it('refuses malformed payloads and untrusted senders', async () => {
    const files = new FileRegistry();
    expect(await handleDrop(files, fakeEvent() as never, 'x')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await handleDrop(files, fakeEvent() as never, [42])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await handleDrop(files, fakeEvent({ isMain: false }) as never, ['/etc/passwd'])).toMatchObject({
      ok: false,
      error: { code: 'UNTRUSTED_SENDER' },
    });
  });
});
