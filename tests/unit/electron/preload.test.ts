import { describe, expect, it, vi } from 'vitest';
import type { EchoingBridge as Bridge } from '../../../src-main/contract/bridge';

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, Set<(...a: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
  ipcRenderer: {
    invoke: vi.fn((channel: string, payload: unknown) => Promise.resolve({ ok: true, value: { channel, payload } })),
    on: vi.fn((name: string, fn: (...a: unknown[]) => void) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)?.add(fn);
    }),
    removeListener: vi.fn((name: string, fn: (...a: unknown[]) => void) => listeners.get(name)?.delete(fn)),
  },
  webUtils: { getPathForFile: vi.fn((file: { path: string }) => file.path) },
}));

await import('../../../src-main/electron/preload');
const { CHANNEL_NAMES, EVENT_NAMES } = await import('../../../src-main/contract');
const { ipcRenderer } = await import('electron');

describe('preload bridge', () => {
  const bridge = exposed.echoing as Bridge;

  it('exposes only channels, events and droppedFiles (never ipcRenderer)', () => {
    expect(Object.keys(exposed)).toEqual(['echoing']);
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'droppedFiles', 'events']);
    expect(Object.keys(bridge.channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...EVENT_NAMES].sort());
    expect(Object.values(exposed).includes(ipcRenderer)).toBe(false);
  });

  it('binds each method to its own fixed channel', async () => {
    for (const name of CHANNEL_NAMES) {
      const fn = bridge.channels[name] as (r: unknown) => Promise<unknown>;
      await expect(fn({ probe: name })).resolves.toEqual({ ok: true, value: { channel: name, payload: { probe: name } } });
    }
  });

  it('subscribes per event, strips the IPC event, and unsubscribes', () => {
    const name = EVENT_NAMES.find((n) => n === 'app:menu');
    expect(name).toBe('app:menu');
    if (!name) return;
    const got: unknown[] = [];
    const off = (bridge.events[name] as (l: (p: unknown) => void) => () => void)((p) => got.push(p));
    for (const fn of listeners.get(name) ?? []) fn({ sender: 'secret' }, { hello: 1 });
    expect(got).toEqual([{ hello: 1 }]);
    off();
    expect(listeners.get(name)?.size).toBe(0);
  });

  it('resolves dropped files to paths through webUtils and sends them on the drop channel', async () => {
    vi.mocked(ipcRenderer.invoke).mockClear();
    await bridge.droppedFiles([{ path: '/data/a.xml' }, { path: '' }] as unknown as File[]);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('echoing:dropped-files', ['/data/a.xml']);
  });
});
