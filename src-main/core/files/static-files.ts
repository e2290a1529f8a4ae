import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative } from 'node:path';
import { isRelativeInside } from './paths';

/**
 * Serving the built renderer from a folder, shared by the Electron app:// protocol and the web host so both
 * transports refuse exactly the same paths.
 */

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
 * Maps a request path (raw, still percent-encoded) to a file under `root`, or null: encoded separators, NUL,
 * bad escapes and anything path.relative puts outside the root (`..`, `%2e%2e`, sibling-prefix folders).
 */
export function resolveStaticPath(root: string, rawPathname: string): string | null {
  // Encoded separators would let one URL segment become several path segments after decoding.
  if (/%2f|%5c|%00/i.test(rawPathname) || rawPathname.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
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

/** Reads a static file with its content type, or undefined when it does not exist. */
export async function loadStatic(path: string): Promise<{ body: Buffer<ArrayBuffer>; type: string } | undefined> {
  try {
    const body = await readFile(path);
    return { body, type: mimeTypeOf(path) };
  } catch {
    return undefined;
  }
}
