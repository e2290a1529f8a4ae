import { describe, expect, it } from 'vitest';
import { BROWSER_ENV, describeBrowser, findBrowser, usualBrowserPaths } from '../../e2e/browser';

describe('the end-to-end suite finds its browser', () => {
  it('takes the environment variable first, even when a usual path exists', () => {
    const found = findBrowser({ [BROWSER_ENV]: '/opt/my/chrome' }, 'linux', () => true);
    expect(found).toEqual({ path: '/opt/my/chrome', source: 'env' });
    expect(describeBrowser(found)).toContain(`from ${BROWSER_ENV}`);
  });

  it('refuses a named browser that is not executable instead of silently using another', () => {
    const found = findBrowser({ [BROWSER_ENV]: '/nope' }, 'linux', (p) => p === '/usr/bin/chromium');
    expect(found).toBeInstanceOf(Error);
    expect(String(found)).toContain('/nope');
  });

  it('tries Debian, Ubuntu snap and Chrome paths on Linux, in order', () => {
    expect(findBrowser({}, 'linux', (p) => p === '/snap/bin/chromium')).toEqual({ path: '/snap/bin/chromium', source: 'usual-path' });
    expect(findBrowser({}, 'linux', (p) => p === '/usr/bin/chromium' || p === '/snap/bin/chromium')).toMatchObject({ path: '/usr/bin/chromium' });
  });

  it('knows the macOS app bundles and the Windows program folders (Edge last)', () => {
    const mac = usualBrowserPaths('darwin', {}, '/Users/u');
    expect(mac).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(mac).toContain('/Users/u/Applications/Chromium.app/Contents/MacOS/Chromium');
    const win = usualBrowserPaths('win32', { PROGRAMFILES: 'C:/Program Files', LOCALAPPDATA: 'C:/Users/u/AppData/Local' });
    expect(win.some((p) => p.endsWith('Google/Chrome/Application/chrome.exe'))).toBe(true);
    expect(win.at(-1)).toMatch(/msedge\.exe$/);
  });

  it('says what it tried and how to name one when nothing is found', () => {
    const found = findBrowser({}, 'linux', () => false);
    expect(found).toBeInstanceOf(Error);
    const line = describeBrowser(found);
    expect(line).toContain('none found');
    expect(line).toContain('/usr/bin/chromium');
    expect(line).toContain(BROWSER_ENV);
  });
});
