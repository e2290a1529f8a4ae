import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EchoingBridge } from '../../../../src-main/contract/bridge';
import { createBridgeClient } from '../../../../src-renderer/src/transport/bridge-client';
import { createHttpClient } from '../../../../src-renderer/src/transport/http-client';
import { encodeWire } from '../../../../src-renderer/src/transport/wire';

/** A minimal EventSource stand-in: records listeners and lets the test push server events. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  readonly listeners = new Map<string, Set<(e: { data: string }) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, fn: (e: { data: string }) => void) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)?.add(fn);
  }
  removeEventListener(name: string, fn: (e: { data: string }) => void) {
    this.listeners.get(name)?.delete(fn);
  }
  push(name: string, data: string) {
    for (const fn of this.listeners.get(name) ?? []) fn({ data });
  }
}

describe('HTTP transport', () => {
  beforeEach(() => vi.stubGlobal('EventSource', FakeEventSource));
  afterEach(() => vi.unstubAllGlobals());

  it('posts the wire-encoded request to /api/<channel> with its client id and decodes typed arrays', async () => {
    const samples = new Float32Array([1, 2.5, -3]);
    const fetchMock = vi.fn((_url: string, _init: RequestInit) =>
      Promise.resolve(new Response(encodeWire({ ok: true, value: { samples } }), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const client = createHttpClient();
    const result = await client.invoke('ecg:open', { token: 't1' });
    expect(result).toEqual({ ok: true, value: { samples } });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/ecg%3Aopen');
    expect(init?.method).toBe('POST');
    const headers = init?.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    // The event stream and the requests carry the same client id, so pushed events come back to this page.
    expect(FakeEventSource.last?.url).toBe(`/api/events?client=${headers['x-echoing-client']}`);
    expect(init?.body).toBe('{"token":"t1"}');
  });

  it('answers a coded error value, never a rejection, when the server is unreachable or garbled', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const down = await createHttpClient().invoke('app:info', {});
    expect(down).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('<html>proxy error</html>', { status: 502 }))));
    const garbled = await createHttpClient().invoke('app:info', {});
    expect(garbled).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!garbled.ok) expect(garbled.error.message).toContain('502');
  });

  it('delivers pushed events to subscribers until they unsubscribe', () => {
    vi.stubGlobal('fetch', vi.fn());
    const client = createHttpClient();
    const got: unknown[] = [];
    const off = client.on('files:opened', (refs) => got.push(refs));
    FakeEventSource.last?.push('files:opened', '[{"token":"a","name":"a.xml","kind":"file"}]');
    FakeEventSource.last?.push('files:opened', '{broken');
    off();
    FakeEventSource.last?.push('files:opened', '[]');
    expect(got).toEqual([[{ token: 'a', name: 'a.xml', kind: 'file' }]]);
  });
});

describe('Electron bridge transport', () => {
  it('calls the bound per-channel function and subscribes per event', async () => {
    const info = vi.fn(() => Promise.resolve({ ok: true, value: { appName: 'x' } }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const bridge = { channels: { 'app:info': info }, events: { 'app:menu': subscribe }, droppedFiles: vi.fn() } as unknown as EchoingBridge;
    const client = createBridgeClient(bridge);
    await expect(client.invoke('app:info', {})).resolves.toEqual({ ok: true, value: { appName: 'x' } });
    expect(info).toHaveBeenCalledWith({});
    const off = client.on('app:menu', () => undefined);
    off();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('answers UNKNOWN_CHANNEL for a channel the bridge lacks (older preload)', async () => {
    const client = createBridgeClient({ channels: {}, events: {}, droppedFiles: vi.fn() } as unknown as EchoingBridge);
    await expect(client.invoke('files:recent', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(client.on('app:menu', () => undefined)).toBeTypeOf('function');
  });
});
