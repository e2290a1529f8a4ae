import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../contract/csp';
import { isRelativeInside } from '../core/files/paths';

/** The renderer is served from app://renderer/…, never from file:// (which would grant the whole disk). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

/** Content type for a served file by extension (unknown types are served as opaque bytes). */
export function mimeTypeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// URL to a file under `root`, or null when it must be refused: other scheme or host, encoded
 * slashes or backslashes, NUL, undecodable escapes, or a path that path.relative says leaves the root (so
 * `..`, `%2e%2e` and a sibling folder sharing the root's prefix, like /app/out/renderer-evil, are all outside).
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const rawPath = url.pathname;
  // Encoded separators would let one URL segment become several path segments after decoding.
  if (/%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const wanted = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  const base = normalize(root);
  // join() resolves `..` against the root, so an escape shows up in the relative check below.
  const candidate = join(base, wanted);
  const rel = relative(base, candidate);
  if (rel === '' || !isRelativeInside(rel)) return null;
  return candidate;
}

/** Must run before app `ready`: app:// behaves like https (standard, secure, fetch-able) so 'self' works in CSP. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer under app://renderer with the strict CSP on every response. */
export function setupAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAppPath(rendererRoot, request.url);
    if (path === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': mimeTypeOf(path),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
