import { app, session, type Event, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol';
import { openExternalUrl } from './url-opener';

/**
 * Requests the renderer may make: its own app:// origin, and data:/blob: URLs it created itself (images,
 * workers). Everything else (http, https, file, ws, other schemes) is remote or disk content and is cancelled.
 */
export function isAllowedRequestUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) return url.host === APP_HOST;
  return url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'devtools:';
}

/** Pins the hardening on every web contents: no navigation, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  const block = (event: Event) => event.preventDefault();
  // The renderer is a single page: it never navigates, so any navigation is an attack or an accident.
  contents.on('will-navigate', block);
  contents.on('will-frame-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', block);
  // Links to the outside open in the system browser after vetting; no Electron window is ever created.
  contents.setWindowOpenHandler(({ url }) => {
    openExternalUrl(url);
    return { action: 'deny' };
  });
}

/** Permission requests (camera, notifications, geolocation, …) are all refused: the app needs none. */
export function denyAllPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.setDevicePermissionHandler(() => false);
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
}

/** Installs every renderer-side guard; call once when the app is ready, before the first window. */
export function setupSecurity(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  denyAllPermissions();
}
