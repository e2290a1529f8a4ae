/**
 * The review workspace in chromium through the web host, on the corpus DICOM: 12 labelled leads in 3x4+1,
 * paper geometry under layout/speed/gain changes, calipers, the model card with reports and overlay, and a
 * broken file's error. Screenshots go to test-output/e2e/review-*.png.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aecgWithDigit } from '../helpers/hostile';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';
import { choose, num, openThroughBrowser, traceAttr } from './review-helpers';

const DICOM = join(REPO_ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm');
const LOW_RATE_DICOM = join(REPO_ROOT, 'tests/fixtures/ecg/dicom/gemarquette_hemodynamic_test_ecg.dcm');

describe('review workspace in chromium', () => {
  let app: E2eApp;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-review-e2e-'));
    await copyFile(DICOM, join(root, basename(DICOM)));
    await copyFile(LOW_RATE_DICOM, join(root, basename(LOW_RATE_DICOM)));
    // A damaged DICOM: the real file cut off inside its waveform data.
    const bytes = await readFile(DICOM);
    await writeFile(join(root, 'zz_truncated.dcm'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    // An aECG whose lead I holds one 1e30 sample digit (issue 11): lead I is unusable, the others are sane.
    await writeFile(join(root, 'zz_unusable.xml'), aecgWithDigit('1e30'));
    app = await launchApp({ roots: [root], viewport: { width: 1600, height: 1000 } });
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('opens the DICOM through the in-app browser and shows 12 labelled leads in 3x4 + II', async () => {
    const { page } = app;
    await page.getByTestId('nav-review').click();
    await openThroughBrowser(page, basename(root), basename(DICOM));
    await page.getByTestId('review-ready').waitFor();
    await expect.poll(() => traceAttr(page, 'frames')).not.toBe('');
    expect(await traceAttr(page, 'layout')).toBe('3x4+1');
    expect(await num(page, 'rows')).toBe(4);
    expect(await num(page, 'cells')).toBe(13);
    const leads = (await traceAttr(page, 'leads')).split(',');
    expect(leads.slice(0, 12).sort()).toEqual(['I', 'II', 'III', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'aVF', 'aVL', 'aVR'].sort());
    expect(leads[12]).toBe('II');
    expect(await num(page, 'sample-rate')).toBe(1000);
    expect(await page.getByTestId('footer-scale').textContent()).toContain('25 mm/s · 10 mm/mV · 0.05-150 Hz');
    // Two multiplex groups (rhythm + median beat): the median beat is offered as a layout.
    await page.getByTestId('layout-control').click();
    expect(await page.getByRole('option', { name: 'Median beat', exact: true }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    const first = Number(await page.getByTestId('review-ready').getAttribute('data-first-trace-ms'));
    expect(first).toBeGreaterThan(0);
    await app.screenshot('review-3x4');
  });

  it('keeps 25 mm/s x px-per-mm = px per second through speed, gain and layout changes', async () => {
    const { page } = app;
    const check = async (speed: number, gain: number) => {
      await expect.poll(() => num(page, 'speed')).toBe(speed);
      await expect.poll(() => num(page, 'gain')).toBe(gain);
      await expect.poll(() => traceAttr(page, 'px-per-second')).not.toBe('');
      const ppm = await num(page, 'px-per-mm');
      expect(ppm).toBeGreaterThan(0);
      expect(await num(page, 'px-per-second')).toBeCloseTo(speed * ppm, 2);
      expect(await num(page, 'px-per-mv')).toBeCloseTo(gain * ppm, 2);
    };
    await check(25, 10);
    await choose(page, 'speed-control', '50 mm/s');
    await check(50, 10);
    await choose(page, 'gain-control', '20 mm/mV');
    await check(50, 20);
    expect(await page.getByTestId('footer-scale').textContent()).toContain('50 mm/s · 20 mm/mV');
    // True size on a ruler-calibrated screen: px per mm is exactly the stored calibration.
    await page.evaluate(() => localStorage.setItem('echoing-ecg.screen-px-per-mm', '4.5'));
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('nav-review').click();
    await page.getByTestId('recent-button').click();
    await page.getByTestId('recent-menu').getByText(basename(DICOM)).click();
    await page.getByTestId('review-ready').waitFor();
    await choose(page, 'speed-control', '25 mm/s');
    await choose(page, 'gain-control', '10 mm/mV');
    await page.getByTestId('sizing-control').getByText('True size').click();
    await expect.poll(() => traceAttr(page, 'sizing')).toBe('true-size');
    await expect.poll(() => num(page, 'px-per-mm')).toBeCloseTo(4.5, 3);
    expect(await num(page, 'px-per-second')).toBeCloseTo(25 * 4.5, 2);
    expect(await page.getByTestId('footer-effective').textContent()).toContain('25.0 mm/s, 10.0 mm/mV (true size, ruler-calibrated screen)');
    await app.screenshot('review-true-size');
    // The one-time ruler calibration: stretch the bar 20 px past 100 mm at 4.5 px/mm and save.
    await page.getByTestId('calibrate-button').click();
    const bar = page.getByTestId('ruler-bar');
    await bar.waitFor();
    expect((await bar.boundingBox())?.width).toBeCloseTo(450, 0);
    await page.getByRole('slider', { name: 'Bar length in pixels' }).focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await app.screenshot('review-ruler');
    await page.getByTestId('ruler-save').click();
    await expect.poll(() => num(page, 'screen-px-per-mm')).toBeCloseTo(4.7, 3);
    await expect.poll(() => num(page, 'px-per-mm')).toBeCloseTo(4.7, 3);
    expect(await page.evaluate(() => localStorage.getItem('echoing-ecg.screen-px-per-mm'))).toBe('4.7');
    await page.getByTestId('sizing-control').getByText('Fit').click();
    for (const [label, layout, cells] of [
      ['6x2', '6x2', 12],
      ['12x1', '12x1', 12],
      ['3x4 + V1/II/V5', '3x4+3', 15],
      ['Median beat', 'median', 12],
    ] as const) {
      await choose(page, 'layout-control', label);
      await expect.poll(() => traceAttr(page, 'layout')).toBe(layout);
      expect(await num(page, 'cells')).toBe(cells);
      await app.screenshot(`review-${layout.replace('+', 'p')}`);
    }
    expect(await traceAttr(page, 'group-kind')).toBe('median');
    // Keyboard: L steps the layout back to 3x4 + II.
    await page.getByTestId('ecg-trace').focus();
    await page.keyboard.press('l');
    await expect.poll(() => traceAttr(page, 'layout')).toBe('3x4+1');
    expect(await traceAttr(page, 'group-kind')).toBe('rhythm');
  });

  it('measures with calipers at the current speed', async () => {
    const { page } = app;
    await page.keyboard.press('c');
    await expect.poll(() => traceAttr(page, 'calipers')).toBe('on');
    const box = await page.getByTestId('ecg-trace').boundingBox();
    if (!box) throw new Error('no trace box');
    const pxPerS = await num(page, 'px-per-second');
    const x0 = box.x + 200;
    const y = box.y + 120;
    await page.mouse.click(x0, y);
    await page.mouse.click(x0 + pxPerS * 0.8, y);
    await expect.poll(() => traceAttr(page, 'caliper-ms')).not.toBe('');
    expect(await num(page, 'caliper-ms')).toBeCloseTo(800, -1);
    expect(await num(page, 'caliper-bpm')).toBeCloseTo(75, 0);
    await app.screenshot('review-calipers');
    await page.keyboard.press('c');
    await expect.poll(() => traceAttr(page, 'caliper-ms')).toBe('');
  });

  it('hides identifiers, lists the shortcuts, and keeps the paper paper-coloured in the dark theme', async () => {
    const { page } = app;
    await page.getByTestId('ecg-trace').focus();
    await page.keyboard.press('h');
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('ECG');
    const identifying = page.locator('[data-testid="record-header"] [data-identifying="true"]');
    expect(await identifying.count()).toBeGreaterThan(0);
    for (const t of await identifying.allTextContents()) expect(t).toMatch(/•••$/);
    await app.screenshot('review-identifiers-hidden');
    await page.keyboard.press('h');
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe(basename(DICOM));
    // F cycles the display filter: diagnostic -> monitoring; the footer says which is on.
    await page.keyboard.press('f');
    await expect.poll(() => traceAttr(page, 'filter')).toBe('0.5-40 Hz');
    expect(await page.getByTestId('footer-scale').textContent()).toContain('0.5-40 Hz (display only)');
    await page.keyboard.press('f');
    await page.keyboard.press('f');
    await expect.poll(() => traceAttr(page, 'filter')).toBe('0.05-150 Hz');
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor();
    expect(await page.getByTestId('shortcuts-help').textContent()).toContain('Next / previous layout');
    await app.screenshot('review-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.mouse.move(5, 5);
    // Paper under the first lead label area: still light (white/pink grid), not the dark theme's background.
    const brightness = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="ecg-trace"] canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')?.getImageData(40, 10, 60, 20).data ?? new Uint8ClampedArray();
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += ((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0)) / 3;
      return sum / (d.length / 4);
    });
    expect(brightness).toBeGreaterThan(200);
    await app.screenshot('review-dark');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
  });

  it('runs the model and shows the card, the similar reports and the variance overlay', async () => {
    const { page } = app;
    // The pack is named, with its intended-use banner, before anything runs.
    await page.getByTestId('model-pack').waitFor();
    expect(await page.getByTestId('not-clinical-banner').textContent()).toContain('NOT FOR CLINICAL USE');
    await page.getByTestId('run-model').click();
    const card = page.getByTestId('ai-card');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 60_000 }).toMatch(/done|error/);
    const err = await page.getByTestId('model-error').textContent().catch(() => null);
    expect(err, `model error: ${err}`).toBeNull();
    expect(await page.getByTestId('model-pack').textContent()).toMatch(/v\d/);
    expect(await page.getByTestId('heads').locator('[data-call]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('uncertainty').getAttribute('data-level')).toMatch(/low|high|abstain/);
    await expect.poll(() => traceAttr(page, 'overlay')).toBe('variance');
    await page.mouse.move(5, 5); // no crosshair in the screenshots
    await card.screenshot({ path: join(REPO_ROOT, 'test-output/e2e/review-ai-card.png') });
    await app.screenshot('review-model');
    const reports = page.getByTestId('similar-report');
    if ((await reports.count()) > 0) {
      await reports.first().locator('button').first().click();
      await page.getByTestId('similar-report-text').first().waitFor();
    }
    await app.screenshot('review-model-report-open');
    // The occlusion map: progress, then a heat strip under each lead.
    await page.getByTestId('occlusion-start').click();
    await expect.poll(() => traceAttr(page, 'occlusion'), { timeout: 120_000 }).toBe('on');
    await app.screenshot('review-occlusion');
    // Cancel: a recompute stopped at once reports the cancellation and keeps no half map.
    await page.getByTestId('occlusion-start').click();
    await page.getByTestId('occlusion-cancel').click();
    await expect.poll(() => page.getByTestId('occlusion-message').textContent()).toContain('cancelled');
    expect(await traceAttr(page, 'occlusion')).toBe('off');
    await page.getByTestId('variance-toggle').click();
    await expect.poll(() => traceAttr(page, 'overlay')).toBe('none');
    await page.getByTestId('variance-toggle').click();
    // Abstain: with the abstain percentile at 0 every ECG is too uncertain; the card says so and makes no call.
    const setAbstain = (v: number | null) =>
      page.evaluate(async (percentile) => {
        const r = await fetch('/api/model%3Aoptions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-echoing-client': 'e2e' },
          body: JSON.stringify({ abstainPercentile: percentile }),
          credentials: 'same-origin',
        });
        return ((await r.json()) as { ok: boolean }).ok;
      }, v);
    expect(await setAbstain(0)).toBe(true);
    await page.getByTestId('run-model').click();
    await expect.poll(() => page.getByTestId('uncertainty').getAttribute('data-level'), { timeout: 60_000 }).toBe('abstain');
    expect(await page.getByTestId('abstain-banner').textContent()).toContain('Uncertain: refer to echo');
    expect(await page.getByTestId('heads').textContent()).toContain('no call');
    await page.mouse.move(5, 5);
    await card.screenshot({ path: join(REPO_ROOT, 'test-output/e2e/review-ai-card-abstain.png') });
    expect(await setAbstain(null)).toBe(true);
  });

  it('opens the next file in the folder, notes the low sample rate, and shows a broken file’s error', async () => {
    const { page } = app;
    await page.getByTestId('previous-file').click();
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe(basename(LOW_RATE_DICOM));
    await expect.poll(() => num(page, 'sample-rate')).toBe(240);
    expect(await page.getByTestId('low-rate-note').textContent()).toContain('240 Hz');
    await app.screenshot('review-low-rate');
    await openThroughBrowser(page, basename(root), 'zz_truncated.dcm');
    const error = page.getByTestId('open-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toMatch(/^[A-Z_]+$/);
    expect((await error.textContent())?.length ?? 0).toBeGreaterThan(20);
    await app.screenshot('review-broken-file');
    // No filter: the favicon that used to 404 is served now (tests/e2e/workstation.test.ts).
    expect(app.consoleErrors).toEqual([]);
  });

  it('shows an implausible lead as unusable (never its absurd values) and the model refuses it (issue 11)', async () => {
    const { page } = app;
    await openThroughBrowser(page, basename(root), 'zz_unusable.xml');
    await page.getByTestId('review-ready').waitFor();
    await expect.poll(() => traceAttr(page, 'unusable')).toBe('I');
    await expect.poll(() => traceAttr(page, 'frames')).not.toBe('');
    await page.mouse.move(5, 5);
    await app.screenshot('review-unusable-lead');
    await page.getByTestId('run-model').click();
    const error = page.getByTestId('model-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain('unusable');
    expect(app.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
