import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_VERSION } from '../../src-main/core/api/version';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('application shell in chromium through the web host', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await launchApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the shell with both sections', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('EchoingECG Review');
    expect(await page.getByTestId('nav-review').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-cohorts').isVisible()).toBe(true);
    // The token traded for a cookie and left the address bar.
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows app and core versions from the core in the status bar', async () => {
    const { page } = app;
    const bar = page.getByTestId('status-bar');
    await bar.getByTestId('status-app-version').waitFor();
    expect(await bar.getByTestId('status-app-version').textContent()).toBe(`EchoingECG Review ${pkg.version}`);
    expect(await bar.getByTestId('status-core-version').textContent()).toBe(`Core ${CORE_VERSION}`);
    expect(await bar.getByTestId('status-transport').textContent()).toContain('Web host');
    await app.screenshot('shell-light');
  });

  it('switches sections', async () => {
    const { page } = app;
    await page.getByTestId('nav-cohorts').click();
    await expect.poll(() => page.getByTestId('nav-cohorts').getAttribute('data-active')).toBe('true');
    expect(await page.getByTestId('nav-review').getAttribute('data-active')).toBeNull();
    await page.getByTestId('nav-review').click();
    await expect.poll(() => page.getByTestId('nav-review').getAttribute('data-active')).toBe('true');
  });

  it('toggles light and dark theme, and remembers the choice', async () => {
    const { page } = app;
    const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme');
    expect(await scheme()).toBe('light');
    const lightBg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(scheme).toBe('dark');
    const darkBg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(darkBg).not.toBe(lightBg);
    await page.mouse.move(640, 400); // no tooltip in the screenshot
    await app.screenshot('shell-dark');
    await page.reload({ waitUntil: 'load' });
    await expect.poll(scheme).toBe('dark');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(scheme).toBe('light');
  });

  it('made no request outside 127.0.0.1 and hit no CSP or script error', () => {
    expect(app.requests.length).toBeGreaterThan(2);
    expect(app.externalRequests).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
