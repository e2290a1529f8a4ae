/**
 * Print / PDF from the review workspace in chromium through the web host: Save as PDF downloads the very PDF the
 * command line writes for the same options (byte for byte: SOURCE_DATE_EPOCH fixes the creation date, and with
 * it the document id pdfkit derives from the document information, in both processes); the AI page agrees in
 * every word; Print in a browser downloads the PDF with the 100 % instruction; PNG export gives the view.
 * Screenshots: test-output/e2e/report-*.png.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';

const DICOM = join(REPO_ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm');
const EPOCH = '1700000000';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(testId).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await readFile(path) };
}

function cliPdf(args: string[], out: string): Buffer {
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin/echoing-ecg.cjs'), 'report', ...args, '--out', out], {
    cwd: REPO_ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ORT_DISABLE_TELEMETRY: '1' }, timeout: 120_000,
  });
  return readFileSync(out);
}

const text = (pdf: Buffer, dir: string) => {
  const tmp = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(tmp, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', tmp, '-'], { encoding: 'utf8' });
};

describe('print / PDF / PNG from the review workspace', () => {
  let app: E2eApp;
  let root: string;
  let out: string;
  let file: string;
  const previousEpoch = process.env.SOURCE_DATE_EPOCH;

  beforeAll(async () => {
    // The web host runs in this process: its reports take their creation date from here.
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    root = await mkdtemp(join(tmpdir(), 'echoing-report-e2e-'));
    out = await mkdtemp(join(tmpdir(), 'echoing-report-out-'));
    file = join(root, basename(DICOM));
    await copyFile(DICOM, file);
    app = await launchApp({ roots: [root], viewport: { width: 1600, height: 1000 } });
    const { page } = app;
    await page.getByTestId('nav-review').click();
    await page.getByTestId('open-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(basename(root), { exact: true }).click();
    await dialog.getByText(basename(DICOM), { exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('review-ready').waitFor();
  });

  afterAll(async () => {
    if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = previousEpoch;
    await app?.close();
    await rm(root, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('Save as PDF downloads the same PDF as `echoing-ecg report` with the same options', async () => {
    const { page } = app;
    // Unticking a box that is not ticked yet changes nothing (the AI page then follows the prediction when it
    // comes): let the auto-run finish first, so the untick below is a real choice.
    await expect.poll(() => page.getByTestId('ai-card').getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-panel').waitFor();
    await app.screenshot('report-menu');
    // With a prediction on screen the AI page is on by default; this comparison (the CLI without --ai) unticks it.
    expect(await page.getByTestId('export-ai').isChecked()).toBe(true);
    await page.getByTestId('export-ai').setChecked(false);
    const saved = await download(page, 'export-pdf');
    expect(saved.name).toBe('pydicom_waveform_ecg-ecg.pdf');
    expect(saved.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The screen's defaults: A4, 3x4 + II, 25 mm/s, 10 mm/mV, diagnostic filter, identifiers shown.
    const cli = cliPdf([file], join(out, 'cli.pdf'));
    expect(saved.bytes.length).toBe(cli.length);
    expect(saved.bytes.equals(cli)).toBe(true);
    expect(await page.getByTestId('export-status').textContent()).toContain('Downloaded pydicom_waveform_ecg-ecg.pdf (1 page)');
    // The menu keeps the choice while the ECG is open: tick it again for the next test, as it was.
    await page.getByTestId('export-ai').setChecked(true);
  });

  it('follows the screen (hidden identifiers) and the menu (6x2, Letter, AI page) like the CLI flags', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await page.getByTestId('run-model').click();
    await expect.poll(() => page.getByTestId('ai-card').getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
    await page.getByTestId('hide-identifiers').click();
    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-panel').waitFor();
    await page.getByTestId('export-paper').getByText('Letter', { exact: true }).click();
    await page.getByTestId('export-layout').getByText('6x2', { exact: true }).click();
    // With a prediction on screen the AI page is on by default.
    expect(await page.getByTestId('export-ai').isChecked()).toBe(true);
    await app.screenshot('report-menu-ai');
    const saved = await download(page, 'export-pdf');
    expect(saved.name).toMatch(/^ecg-[0-9a-f]{12}\.pdf$/);
    const cli = cliPdf([file, '--layout', '6x2', '--paper', 'letter', '--ai', '--hide-identifiers'], join(out, 'cli-ai.pdf'));
    // Same words on both pages, numbers included (the model runs in two processes here: the text must agree).
    const fromApp = text(saved.bytes, out);
    expect(fromApp).toContain('AI summary');
    expect(fromApp).toContain('Identifiers hidden');
    expect(fromApp).not.toContain('pydicom_waveform_ecg');
    expect(fromApp).toBe(text(cli, out));
  });

  it('Print in a browser downloads the PDF and says to print it at 100 %; PNG export gives the view', async () => {
    const { page } = app;
    const printed = await download(page, 'export-print');
    expect(printed.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.getByTestId('export-status').textContent()).toMatch(/100 %.*never "fit to page"/);
    const png = await download(page, 'export-png');
    expect(png.name).toBe('ecg-view.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.bytes.readUInt32BE(16);
    const canvasWidth = await page.locator('[data-testid="ecg-trace"] canvas').evaluate((c) => (c as HTMLCanvasElement).width);
    expect(width).toBe(canvasWidth);
    await app.screenshot('report-after');
    expect(app.consoleErrors).toEqual([]);
  });
});
