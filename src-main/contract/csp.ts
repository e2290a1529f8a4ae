/**
 * The Content-Security-Policy every renderer page gets, from the app:// protocol (Electron) and the web host
 * alike (src-renderer/index.html repeats it as a meta tag for belt and braces). Nothing loads from outside
 * the app's own origin; Mantine injects <style> elements, hence 'unsafe-inline' for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
