import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../contract/csp';
import { loadStatic, mimeTypeOf, resolveStaticPath } from '../core/files/static-files';

export { mimeTypeOf };

/** The renderer is served from app://renderer/…, never from file:// (which would grant the whole disk). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

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
  return resolveStaticPath(root, url.pathname);
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
    const file = path === null ? undefined : await loadStatic(path);
    if (file === undefined) return new Response('Not found', { status: 404 });
    return new Response(file.body, {
      status: 200,
      headers: {
        'content-type': file.type,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
