import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Result } from '../contract';
import { CONTENT_SECURITY_POLICY } from '../contract/csp';
import { createCoreHandlers } from '../core/api';
import { dispatch } from '../core/api/dispatch';
import type { HandlerMap } from '../core/api/types';
import type { ErrorCode } from '../core/errors';
import { FileRegistry } from '../core/files/file-registry';
import { EventsHub } from './events-hub';
import { hostHeaderCount, isAllowedHost, isAllowedOrigin, isAuthorised, tokenCookie, tokenMatches } from './guard';
import { jsonShapeProblem } from './json-limits';
import { openWithSystem } from './open-external';
import { loadStatic, resolveStaticPath } from '../core/files/static-files';
import { decodeWire, encodeWire, WireError } from './wire';

/** Largest request body accepted (requests carry tokens and settings, never whole files). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface WebHostOptions {
  /** Data folder (database, recent files, user model packs). */
  dataDir: string;
  /** Folders the in-app browser may list (default none). */
  roots?: string[];
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer (default out/renderer next to this bundle). */
  rendererDir?: string;
  bundledModelsDir?: string;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
  /** Handler map override for tests; the real core handlers otherwise. */
  handlers?: HandlerMap;
}

export interface WebHost {
  /** The page URL including the token: open this. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>) {
  send(res, status, 'application/json; charset=utf-8', encodeWire(result));
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string) {
  sendResult(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the web host on 127.0.0.1 only: the built renderer plus the contract at POST /api/<channel> and push
 * events at GET /api/events (Server-Sent Events), served by the same core handlers as Electron. Every request
 * needs our Host header and the per-run token; the page gets the token as a cookie on first load.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const rendererDir = resolve(options.rendererDir ?? join(__dirname, '../renderer'));
  const roots = (options.roots ?? []).map((r) => resolve(r));
  const hub = new EventsHub();
  const handlers =
    options.handlers ??
    createCoreHandlers({
      transport: 'web',
      files: new FileRegistry(),
      dataDir: resolve(options.dataDir),
      bundledModelsDir: resolve(options.bundledModelsDir ?? join(__dirname, '../../models')),
      browseRoots: roots,
      openFolder: openWithSystem,
    });
  let port = 0;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Node keeps the first of several Host headers: a proxy may have routed by another one, so refuse them.
    if (hostHeaderCount(req.rawHeaders) !== 1) {
      return refuse(res, 400, 'UNTRUSTED_SENDER', 'A request must carry exactly one Host header.');
    }
    if (!isAllowedHost(req.headers.host, port)) {
      return refuse(res, 421, 'UNTRUSTED_SENDER', 'This server answers only on 127.0.0.1.');
    }
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

    // First load: trade the token in the URL for a cookie, then drop it from the address bar.
    if (req.method === 'GET' && pathname === '/' && query.has('token')) {
      if (!tokenMatches(query.get('token') ?? undefined, token)) return refuse(res, 403, 'UNTRUSTED_SENDER', 'Wrong access token.');
      res.writeHead(303, { ...SECURITY_HEADERS, location: '/', 'set-cookie': tokenCookie(token), 'cache-control': 'no-store' });
      return void res.end();
    }
    if (!isAuthorised(req, token)) {
      return refuse(res, 401, 'UNTRUSTED_SENDER', 'Open the address the web host printed: it carries the access token.');
    }

    if (pathname === '/api/events' && req.method === 'GET') {
      const clientId = query.get('client') ?? '';
      if (!/^[\w-]{8,64}$/.test(clientId)) return refuse(res, 400, 'BAD_REQUEST', 'Missing client id.');
      return hub.attach(clientId, res);
    }
    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'BAD_REQUEST', 'API calls use POST.');
      if (!isAllowedOrigin(req.headers.origin, port)) return refuse(res, 403, 'UNTRUSTED_SENDER', 'Cross-origin request refused.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'BAD_REQUEST', 'API calls send JSON.');
      }
      const body = await readBody(req);
      if (body === undefined) return refuse(res, 413, 'BAD_REQUEST', 'The request is too large.');
      const shape = jsonShapeProblem(body);
      if (shape !== undefined) return refuse(res, 413, 'BAD_REQUEST', `The request is ${shape}: refused.`);
      let payload: unknown;
      try {
        payload = body === '' ? undefined : decodeWire(body);
      } catch (error) {
        return refuse(res, 400, 'BAD_REQUEST', error instanceof WireError ? error.message : 'Malformed request.');
      }
      const clientHeader = req.headers['x-echoing-client'];
      const clientId = typeof clientHeader === 'string' ? clientHeader : undefined;
      let channel: string;
      try {
        channel = decodeURIComponent(pathname.slice('/api/'.length));
      } catch {
        return refuse(res, 404, 'UNKNOWN_CHANNEL', 'Unknown operation.');
      }
      const result = await dispatch(handlers, channel, payload, { emit: (e, p) => hub.send(clientId, e, p) });
      return sendResult(res, 200, result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST', 'Method not allowed.');
    const path = resolveStaticPath(rendererDir, pathname);
    const file = path === null ? undefined : await loadStatic(path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    return send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body);
  }

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'The request could not be processed.');
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        hub.close();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
