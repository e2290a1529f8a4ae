import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHandlers } from '../../../src-main/core/api';
import type { HandlerMap } from '../../../src-main/core/api/types';
import type { EcgRecord } from '../../../src-main/core/ecg/record';
import { FileRegistry } from '../../../src-main/core/files/file-registry';
import { startWebHost, type WebHost } from '../../../src-main/web-host/server';
import { decodeWire, encodeWire } from '../../../src-renderer/src/transport/wire';
import { maxEventLoopGap } from '../../helpers/event-loop-gap';
import { recordBase } from '../../helpers/record-base';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so tests control the Host header and unnormalised paths (fetch would rewrite both). */
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let base: string;
let host: WebHost;
let auth: Record<string, string>;
const samples = new Float32Array(5000).map((_, i) => 1000 * Math.sin(i / 25));

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'echoing-wh-'));
  const renderer = join(base, 'out', 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(renderer, 'assets', 'a.js'), 'console.log(1)');
  await mkdir(join(base, 'out', 'renderer-evil'));
  await writeFile(join(base, 'out', 'renderer-evil', 'secret.txt'), 'SECRET');
  await writeFile(join(base, 'out', 'secret.txt'), 'SECRET');
  const roots = [join(base, 'ecgs')];
  await mkdir(roots[0] as string);
  await writeFile(join(base, 'ecgs', 'a.xml'), '<x/>');
  const files = new FileRegistry();
  const core = createCoreHandlers({ transport: 'web', files, dataDir: join(base, 'data'), bundledModelsDir: base, browseRoots: roots });
  const record: EcgRecord = {
    ...recordBase(),
    groups: [{ kind: 'rhythm', sampleRateHz: 500, leads: [{ name: 'II', samples, derived: false }] }],
  };
  // ecg:open answers a known record so the test checks the transport, not a reader; it also emits an event.
  const handlers: HandlerMap = {
    ...core,
    'ecg:open': ({ token }, ctx) => {
      ctx.emit('files:opened', [{ token, name: 'a.xml', kind: 'file' }]);
      return { file: { token, name: 'a.xml', sizeBytes: 4 }, record };
    },
  };
  host = await startWebHost({ dataDir: join(base, 'data'), rendererDir: renderer, roots, handlers });
  auth = { 'x-echoing-token': host.token };
});

afterAll(async () => {
  await host?.close();
  await rm(base, { recursive: true, force: true });
});

const api = (channel: string, payload: unknown, headers: Record<string, string> = auth) =>
  raw(host.port, 'POST', `/api/${channel}`, { 'content-type': 'application/json', ...headers }, encodeWire(payload));

describe('web host', () => {
  it('binds to 127.0.0.1 only, on a random port', async () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.port).toBeGreaterThan(0);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const req = request({ host: external.address, port: host.port, path: '/', timeout: 2000 }, () => resolve(false));
        req.on('error', () => resolve(true));
        req.on('timeout', () => {
          req.destroy();
          resolve(true);
        });
        req.end();
      });
      expect(refused).toBe(true);
    }
  });

  it('requires the token on every request', async () => {
    expect((await raw(host.port, 'GET', '/')).status).toBe(401);
    expect((await raw(host.port, 'GET', '/assets/a.js')).status).toBe(401);
    const noToken = await api('app:info', {}, {});
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect((await api('app:info', {}, { 'x-echoing-token': 'wrong' })).status).toBe(401);
    expect((await raw(host.port, 'GET', '/api/events?client=abcdefgh')).status).toBe(401);
  });

  it('trades the token in the page URL for a strict cookie', async () => {
    expect((await raw(host.port, 'GET', '/?token=wrong')).status).toBe(403);
    const first = await raw(host.port, 'GET', `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await raw(host.port, 'GET', '/', { cookie: cookie.split(';')[0] as string });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<title>t</title>');
  });

  it('refuses other Host headers (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const reply = await raw(host.port, 'GET', '/', { ...auth, host: h });
      expect(reply.status).toBe(421);
    }
  });

  it('refuses a request with two Host headers, even when the first is ours (issue 11)', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(host.port, '127.0.0.1', () => {
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nHost: evil.example\r\nx-echoing-token: ${host.token}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toContain(' 400 ');
    expect(reply).toContain('UNTRUSTED_SENDER');
  });

  it('refuses a body of a million keys or deep nesting without blocking other requests (issue 11)', async () => {
    const keys = `{${Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const timed = await maxEventLoopGap(() => raw(host.port, 'POST', '/api/app:info', { ...auth, 'content-type': 'application/json' }, keys));
    expect(timed.value.status).toBe(413);
    expect(JSON.parse(timed.value.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // Parsing and validating it took ~2 s of this (the host's) thread; the shape check takes milliseconds.
    expect(timed.gapMs).toBeLessThan(1000);
    const deep = await raw(host.port, 'POST', '/api/app:info', { ...auth, 'content-type': 'application/json' }, `${'['.repeat(100)}${']'.repeat(100)}`);
    expect(deep.status).toBe(413);
    expect((await api('app:info', {})).status).toBe(200);
  });

  it('refuses cross-origin API calls and non-JSON bodies', async () => {
    expect((await api('app:info', {}, { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    const text = await raw(host.port, 'POST', '/api/app:info', { ...auth, 'content-type': 'text/plain' }, '{}');
    expect(text.status).toBe(415);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/../renderer-evil/secret.txt',
    '/%2e%2e/renderer-evil/secret.txt',
    '/assets/../../secret.txt',
  ])('refuses traversal %s', async (path) => {
    const reply = await raw(host.port, 'GET', path, auth);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('SECRET');
  });

  it('serves the contract with coded errors as values', async () => {
    const info = decodeWire((await api('app:info', {})).body);
    expect(info).toMatchObject({ ok: true, value: { transport: 'web', appName: 'EchoingECG Review' } });
    expect(decodeWire((await api('app:info', { extra: 1 })).body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(decodeWire((await api('nope:nothing', {})).body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const broken = await raw(host.port, 'POST', '/api/app:info', { ...auth, 'content-type': 'application/json' }, '{oops');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('browses only under its roots', async () => {
    const top = decodeWire((await api('files:browse', {})).body) as { ok: true; value: { entries: { token: string; name: string }[] } };
    expect(top.value.entries.map((e) => e.name)).toEqual(['ecgs']);
    const inside = decodeWire((await api('files:browse', { folderToken: top.value.entries[0]?.token })).body) as {
      ok: true;
      value: { entries: { name: string }[]; parent: unknown };
    };
    expect(inside.value.entries.map((e) => e.name)).toEqual(['a.xml']);
    expect(inside.value.parent).toBeNull();
    expect(decodeWire((await api('files:browse', { folderToken: 'forged' })).body)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_FILE_TOKEN' },
    });
  });

  it('round-trips typed arrays exactly and delivers pushed events over SSE to the requesting page', async () => {
    const events: string[] = [];
    const stream = await new Promise<IncomingMessage>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/api/events?client=page-one-1234', headers: { ...auth, host: `127.0.0.1:${host.port}` } }, resolve).end();
    });
    stream.on('data', (c: Buffer) => events.push(c.toString('utf8')));
    const reply = await api('ecg:open', { token: 'abc' }, { ...auth, 'x-echoing-client': 'page-one-1234' });
    const opened = decodeWire(reply.body) as { ok: true; value: { record: EcgRecord } };
    const got = opened.value.record.groups[0]?.leads[0]?.samples;
    expect(got).toBeInstanceOf(Float32Array);
    expect(got).toEqual(samples);
    expect(reply.body.length).toBeLessThan(samples.byteLength * 1.5);
    await expect.poll(() => events.join('')).toContain('event: files:opened');
    const data = events.join('').split('\n').find((l) => l.startsWith('data: '));
    expect(decodeWire((data ?? '').slice(6))).toEqual([{ token: 'abc', name: 'a.xml', kind: 'file' }]);
    stream.destroy();
  });
});
