/**
 * The installed-workstation pieces seen from the browser: one data folder (a cohort scored by the CLI, with no
 * --db, opens in the app), the about box's data and log folders, and the favicon (the page's former only
 * console error).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';

describe('workstation: shared data folder, about box, favicon', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'echoing-e2e-shared-data-'));
  let app: E2eApp;
  let cli: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    // The CLI as a user runs it, told only the data folder (the variable), exactly as the app finds it.
    cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/echoing-ecg.cjs'), 'cohort', 'score', join(REPO_ROOT, 'resources/samples'), '--cohort', 'From the CLI'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ECHOING_ECG_DATA_DIR: dataDir, ORT_DISABLE_TELEMETRY: '1' },
      timeout: 150_000,
    });
    app = await launchApp({ dataDir });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the cohort the CLI scored into the shared data folder', async () => {
    expect(cli.status, String(cli.stderr)).toBe(0);
    expect(String(cli.stdout)).toMatch(/scored 4 skipped 0 failed 0/);
    const { page } = app;
    await page.getByTestId('nav-cohorts').click();
    const item = page.locator('[data-testid^="cohort-item-"]').filter({ hasText: 'From the CLI' });
    await item.waitFor();
    expect(await item.textContent()).toContain('4/4 scored');
    await item.click();
    await page.getByTestId('cohort-title').filter({ hasText: 'From the CLI' }).waitFor();
    await app.screenshot('workstation-cli-cohort');
  });

  it('shows the data and log folders in the about box, with the button that opens the logs', async () => {
    const { page } = app;
    await page.getByTestId('nav-review').click();
    // Electron opens it from Help > About too; the web host has only this button.
    await page.getByTestId('about-open').click();
    await page.getByTestId('about-folders').waitFor();
    expect(await page.getByTestId('about-data-dir').textContent()).toBe(dataDir);
    expect(await page.getByTestId('about-log-dir').textContent()).toBe(process.env.ECHOING_ECG_LOG_DIR);
    expect(await page.getByTestId('open-logs').isVisible()).toBe(true);
    await app.screenshot('workstation-about');
  });

  it('serves the app icon as the favicon: no request fails and the console stays clean', () => {
    expect(app.requests.some((u) => /\/assets\/icon-[\w-]+\.svg$/.test(u))).toBe(true);
    expect(app.requests.some((u) => u.endsWith('/favicon.ico'))).toBe(false);
    expect(app.consoleErrors).toEqual([]);
  });
});
