/**
 * The paper's geometry on screen, in chromium through the web host at 1280x800 and 1920x1080, on the 12-lead
 * corpus DICOM: Fit takes the largest scale that fits (3x4 + II at >= 80 % of true size on a laptop with the AI
 * panel open, at least true size on full HD), keeps mm/s : mm/mV for every speed and gain and scrolls where the
 * page is longer than the view; every layout measured, the calibration pulse read back from the canvas pixels.
 * Screenshots: test-output/e2e/geometry-<width>-<layout>.png.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';
import { cellBoxes, choose, CSS_PX_PER_MM, measurePulse, num, openThroughBrowser, settled, traceAttr } from './review-helpers';

const DICOM = join(REPO_ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm');
const LAYOUTS = [
  ['3x4 + II rhythm', '3x4+1'],
  ['3x4 + V1/II/V5', '3x4+3'],
  ['6x2', '6x2'],
  ['12x1', '12x1'],
  ['Median beat', 'median'],
] as const;

/** Pulse read from the pixels vs the scale the trace reports: within 1 px on both axes (line centres). */
async function expectPulse(page: Page, speed: number, gain: number): Promise<{ heightPx: number; widthPx: number }> {
  const ppm = await num(page, 'px-per-mm');
  const pulse = await measurePulse(page);
  expect(Math.abs(pulse.heightPx - gain * ppm), `pulse ${pulse.heightPx} px high for ${gain * ppm}`).toBeLessThanOrEqual(1);
  expect(Math.abs(pulse.widthPx - 0.2 * speed * ppm), `pulse ${pulse.widthPx} px wide for ${0.2 * speed * ppm}`).toBeLessThanOrEqual(1);
  return pulse;
}

async function scrollTraceTo(page: Page, where: 'top' | 'bottom' | 'right'): Promise<void> {
  await page.getByTestId('trace-scroller').evaluate((el, w) => {
    if (w === 'top') el.scrollTo(0, 0);
    else if (w === 'bottom') el.scrollTop = el.scrollHeight;
    else el.scrollLeft = el.scrollWidth;
  }, where);
  await settled(page);
}

describe.each([
  [1280, 800, 0.8],
  [1920, 1080, 1],
])('paper geometry at %ix%i', (width, height, minTrueSize) => {
  let app: E2eApp;
  let root: string;
  const log = (text: string) => console.log(`[geometry ${width}x${height}] ${text}`);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-geometry-e2e-'));
    await copyFile(DICOM, join(root, basename(DICOM)));
    app = await launchApp({ roots: [root], viewport: { width, height } });
    await openThroughBrowser(app.page, basename(root), basename(DICOM));
    await app.page.getByTestId('review-ready').waitFor();
    await settled(app.page);
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it(`shows the whole 3x4 + II page at the largest scale that fits, >= ${minTrueSize * 100} % of true size, with the AI panel open`, async () => {
    const { page } = app;
    expect(await page.getByTestId('ai-panel').getAttribute('data-open')).toBe('true');
    expect(await traceAttr(page, 'layout')).toBe('3x4+1');
    // One toolbar line (every control on screen), one header line.
    const toolbar = await page.getByTestId('review-toolbar').boundingBox();
    expect(toolbar?.height).toBeLessThan(40);
    expect(await page.getByTestId('shortcuts-button').isVisible()).toBe(true);
    const help = await page.getByTestId('shortcuts-button').boundingBox();
    expect((help?.x ?? Infinity) + (help?.width ?? 0)).toBeLessThanOrEqual(width);
    expect((await page.getByTestId('record-header').boundingBox())?.height).toBeLessThan(34);
    const ppm = await num(page, 'px-per-mm');
    const ratio = ppm / CSS_PX_PER_MM;
    expect(ratio).toBeGreaterThanOrEqual(minTrueSize);
    const [pw, ph, vw, vh] = [await num(page, 'page-width-px'), await num(page, 'page-height-px'), await num(page, 'view-width-px'), await num(page, 'view-height-px')];
    expect(pw).toBeLessThanOrEqual(vw + 1);
    expect(ph).toBeLessThanOrEqual(vh + 1);
    // Largest: one dimension is filled.
    expect(Math.max(pw / vw, ph / vh)).toBeGreaterThan(0.99);
    // The paper fills the view: the bottom-right corner is paper (white or grid pink), never the grey desk.
    const corner = await page.getByTestId('ecg-trace').evaluate((el) => {
      const c = el.querySelector('canvas') as HTMLCanvasElement;
      const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(c.width - 30, c.height - 30, 1, 1).data;
      return [d[0], d[1], d[2]];
    });
    expect(corner[0]).toBeGreaterThan(220);
    const pulse = await expectPulse(page, 25, 10);
    const box = await page.getByTestId('ecg-trace').boundingBox();
    log(
      `3x4+1 fit, AI panel open: ${ppm.toFixed(3)} px/mm = ${(ratio * 100).toFixed(1)} % of true size; on screen ${(25 * ratio).toFixed(1)} mm/s, ` +
        `${(10 * ratio).toFixed(1)} mm/mV; page ${pw.toFixed(0)}x${ph.toFixed(0)} px in a ${vw}x${vh} view (paper box ${box?.width.toFixed(0)}x${box?.height.toFixed(0)}); ` +
        `pulse on the canvas ${pulse.widthPx.toFixed(1)} px wide (${(pulse.widthPx / 0.2 / CSS_PX_PER_MM).toFixed(1)} mm/s), ${pulse.heightPx.toFixed(1)} px high (${(pulse.heightPx / CSS_PX_PER_MM).toFixed(1)} mm/mV)`,
    );
    await page.mouse.move(1, height - 1);
    await app.screenshot(`geometry-${width}-3x4p1`);
  });

  it('keeps one scale and the mm/s : mm/mV ratio for every speed and gain in Fit, scrolling where the page grows', async () => {
    const { page } = app;
    const base = await num(page, 'px-per-mm');
    for (const speed of [12.5, 25, 50]) {
      for (const gain of [5, 10, 20]) {
        await choose(page, 'speed-control', `${speed} mm/s`);
        await choose(page, 'gain-control', `${gain} mm/mV`);
        await expect.poll(() => num(page, 'speed')).toBe(speed);
        await expect.poll(() => num(page, 'gain')).toBe(gain);
        await settled(page);
        const ppm = await num(page, 'px-per-mm');
        expect(ppm).toBeCloseTo(base, 3);
        expect(await num(page, 'px-per-second')).toBeCloseTo(speed * ppm, 2);
        expect(await num(page, 'px-per-mv')).toBeCloseTo(gain * ppm, 2);
        expect((await num(page, 'px-per-second')) / (await num(page, 'px-per-mv'))).toBeCloseTo(speed / gain, 3);
        await expectPulse(page, speed, gain);
        const wider = (await num(page, 'page-width-px')) > (await num(page, 'view-width-px')) + 1;
        const taller = (await num(page, 'page-height-px')) > (await num(page, 'view-height-px')) + 1;
        if (speed === 50) expect(wider).toBe(true);
        if (wider || taller) {
          await expect.poll(() => page.getByTestId('scroll-hint').textContent()).toMatch(wider ? /right/ : /scroll|below/);
          await scrollTraceTo(page, wider ? 'right' : 'bottom');
          expect(await num(page, wider ? 'pan-x' : 'pan-y')).toBeGreaterThan(0);
          if (speed === 50 && gain === 10) {
            await page.mouse.move(1, height - 1);
            await app.screenshot(`geometry-${width}-3x4p1-50mms-scrolled`);
          }
          await scrollTraceTo(page, 'top');
        }
      }
    }
    log(`3x4+1 fit: ${base.toFixed(3)} px/mm for all of 12.5/25/50 mm/s x 5/10/20 mm/mV (pulse within 1 px each time)`);
    await choose(page, 'speed-control', '25 mm/s');
    await choose(page, 'gain-control', '10 mm/mV');
  });

  it.each(LAYOUTS)('lays out %s (%s) at >= 80 percent of true size, every lead reachable', async (label, id) => {
    const { page } = app;
    await choose(page, 'layout-control', label);
    await expect.poll(() => traceAttr(page, 'layout')).toBe(id);
    await settled(page);
    const ppm = await num(page, 'px-per-mm');
    expect(ppm / CSS_PX_PER_MM).toBeGreaterThanOrEqual(0.8);
    expect(await num(page, 'px-per-second')).toBeCloseTo(25 * ppm, 2);
    expect(await num(page, 'px-per-mv')).toBeCloseTo(10 * ppm, 2);
    const pulse = await expectPulse(page, 25, 10);
    const [pw, ph, vw, vh] = [await num(page, 'page-width-px'), await num(page, 'page-height-px'), await num(page, 'view-width-px'), await num(page, 'view-height-px')];
    const leads = (await traceAttr(page, 'leads')).split(',');
    const last = leads[leads.length - 1] as string;
    await page.mouse.move(1, height - 1);
    await app.screenshot(`geometry-${width}-${id.replace('+', 'p')}`);
    if (ph > vh + 1) {
      // Longer than the view: the hint names what is below, and scrolling brings it in.
      expect(await traceAttr(page, 'visible-leads')).not.toContain(last);
      await expect.poll(() => page.getByTestId('scroll-hint').textContent()).toContain(last);
      await scrollTraceTo(page, 'bottom');
      expect(await num(page, 'pan-y')).toBeGreaterThan(0);
      expect((await traceAttr(page, 'visible-leads')).split(',')).toContain(last);
      await app.screenshot(`geometry-${width}-${id.replace('+', 'p')}-scrolled`);
      await scrollTraceTo(page, 'top');
    } else {
      expect(new Set((await traceAttr(page, 'visible-leads')).split(','))).toEqual(new Set(leads));
      expect(await page.getByTestId('scroll-hint').isVisible()).toBe(false);
    }
    if (id === '12x1') {
      // The case: at 1280x800 12x1 needs scrolling for V5/V6 (it fills the width at 94 % of true size);
      // at 1920x1080 the whole page fits at >= 80 % of true size.
      if (width === 1280) expect(ph).toBeGreaterThan(vh);
      else expect(ph).toBeLessThanOrEqual(vh + 1);
    }
    const cells = await cellBoxes(page);
    log(
      `${id}: ${ppm.toFixed(3)} px/mm = ${((ppm / CSS_PX_PER_MM) * 100).toFixed(1)} % of true size (${((25 * ppm) / CSS_PX_PER_MM).toFixed(1)} mm/s, ` +
        `${((10 * ppm) / CSS_PX_PER_MM).toFixed(1)} mm/mV on screen); page ${pw.toFixed(0)}x${ph.toFixed(0)} px, view ${vw}x${vh}; ${cells.length} cells; ` +
        `pulse ${pulse.widthPx.toFixed(1)}x${pulse.heightPx.toFixed(1)} px`,
    );
  });

  it('draws true size at exactly the screen density, and folding the AI panel gives the paper the width', async () => {
    const { page } = app;
    await choose(page, 'layout-control', '3x4 + II rhythm');
    await page.getByTestId('sizing-control').getByText('True size').click();
    await expect.poll(() => traceAttr(page, 'sizing')).toBe('true-size');
    await settled(page);
    expect(await num(page, 'px-per-mm')).toBeCloseTo(CSS_PX_PER_MM, 3);
    await expectPulse(page, 25, 10);
    if (width >= 1920) {
      // Full HD holds the true-size page whole, AI panel open.
      expect(await num(page, 'page-width-px')).toBeLessThanOrEqual(await num(page, 'view-width-px'));
      expect(await num(page, 'page-height-px')).toBeLessThanOrEqual(await num(page, 'view-height-px'));
    }
    await page.mouse.move(1, height - 1);
    await app.screenshot(`geometry-${width}-true-size`);
    await page.getByTestId('sizing-control').getByText('Fit').click();
    await expect.poll(() => traceAttr(page, 'sizing')).toBe('fit');
    await settled(page);
    const open = await num(page, 'px-per-mm');
    await page.keyboard.press('i');
    await expect.poll(() => page.getByTestId('ai-panel').getAttribute('data-open')).toBe('false');
    await settled(page);
    const folded = await num(page, 'px-per-mm');
    expect(folded).toBeGreaterThan(open);
    log(`3x4+1 fit with the AI panel folded: ${folded.toFixed(3)} px/mm = ${((folded / CSS_PX_PER_MM) * 100).toFixed(1)} % of true size`);
    await app.screenshot(`geometry-${width}-panel-folded`);
    await page.getByTestId('ai-panel-toggle').click();
    await expect.poll(() => page.getByTestId('ai-panel').getAttribute('data-open')).toBe('true');
    expect(app.consoleErrors).toEqual([]);
  });
});
