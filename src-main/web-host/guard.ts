import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookie carrying the per-run token once the page has been opened with ?token=… */
export const TOKEN_COOKIE = 'echoing_token';
/** Header a script client may use instead of the cookie. */
export const TOKEN_HEADER = 'x-echoing-token';

/**
 * Only our own Host is served: a page on another site that rebinds its DNS name to 127.0.0.1 still sends its
 * own name in Host, and is refused (DNS rebinding).
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** How many Host headers a request carries (Node's `headers.host` shows only the first). */
export function hostHeaderCount(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if ((rawHeaders[i] as string).toLowerCase() === 'host') n++;
  return n;
}

/** Same-origin check for state-changing requests: a present Origin must be ours. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return originHeader === `http://127.0.0.1:${port}` || originHeader === `http://localhost:${port}`;
}

/** Constant-time token comparison. */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** True when the request carries the run's token (cookie or header). */
export function isAuthorised(req: IncomingMessage, token: string): boolean {
  const header = req.headers[TOKEN_HEADER];
  return tokenMatches(typeof header === 'string' ? header : undefined, token) || tokenMatches(cookieValue(req, TOKEN_COOKIE), token);
}

/** The Set-Cookie value that lets the page's own requests (fetch, EventSource, assets) carry the token. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
