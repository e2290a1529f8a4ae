/**
 * Finds the Chromium or Chrome the end-to-end suite drives (playwright-core never downloads a browser here):
 * the ECHOING_E2E_BROWSER environment variable first, then the usual install paths of the platform.
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The variable that names the browser executable to use; it wins over every usual path. */
export const BROWSER_ENV = 'ECHOING_E2E_BROWSER';

export interface FoundBrowser {
  path: string;
  /** Where the path came from: the environment variable, or the usual path that matched. */
  source: 'env' | 'usual-path';
}

/** The usual Chromium/Chrome install paths of a platform, most specific first. */
export function usualBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home = homedir()): string[] {
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome'];
    return [...apps.map((a) => join('/Applications', a)), ...apps.map((a) => join(home, 'Applications', a))];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return [
      ...roots.map((r) => join(r, 'Chromium', 'Application', 'chrome.exe')),
      ...roots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      // Edge is Chromium underneath and is on every Windows 10/11 machine.
      ...roots.map((r) => join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    // Ubuntu's snap (the deb above is only a wrapper there).
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
  ];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to drive, or an Error that says what was tried and how to name one. A path in the environment
 * variable that is not executable is an error, not a reason to fall back silently to another browser.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  executable: (path: string) => boolean = isExecutable,
): FoundBrowser | Error {
  const named = env[BROWSER_ENV];
  if (named) {
    return executable(named) ? { path: named, source: 'env' } : new Error(`${BROWSER_ENV}=${named} is not an executable file.`);
  }
  const tried = usualBrowserPaths(platform, env);
  const hit = tried.find((p) => executable(p));
  if (hit) return { path: hit, source: 'usual-path' };
  return new Error(
    `No Chromium or Chrome was found for the end-to-end suite. Tried:\n  ${tried.join('\n  ')}\n` +
      `Install one (Debian/Ubuntu: apt-get install chromium) or set ${BROWSER_ENV} to its executable.`,
  );
}

/** One line for the test log: which browser ran, or why none did. */
export function describeBrowser(found: FoundBrowser | Error): string {
  if (found instanceof Error) return `e2e browser: none found. ${found.message}`;
  return `e2e browser: ${found.path} (${found.source === 'env' ? `from ${BROWSER_ENV}` : 'found at a usual path'})`;
}
