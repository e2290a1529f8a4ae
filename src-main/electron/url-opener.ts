import { shell } from 'electron';

const MAX_URL_LENGTH = 2048;

/**
 * Only plain web links may leave the app for the system browser: http(s), a host, no embedded credentials.
 * file:, javascript:, custom schemes (which could launch other programs) and our own app:// are refused.
 */
export function isSafeExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.hostname !== '';
}

/** Opens a vetted link in the system browser; returns false (and opens nothing) for anything else. */
export function openExternalUrl(raw: string): boolean {
  if (!isSafeExternalUrl(raw)) return false;
  void shell.openExternal(raw).catch(() => {
    // No browser configured: nothing else to do, and nothing to crash over.
  });
  return true;
}
