/**
 * Everything a file holds drawn correctly, and the keyboard, in chromium through the web host at 1280x800:
 * an ECGToolkit-style padded median beat (no spike, padding never drawn, filters per segment, unfiltered by
 * default), an 8-lead SCP-ECG (limb leads derived, the model runs), a CSV without a sample rate (the workspace
 * asks, then remembers it for the folder), mitdb's MLII on the rhythm strip; shortcuts after toolbar clicks, Esc,
 * accessible names. Screenshots: test-output/e2e/files-*.png.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../src-main/core/ecg';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';
import { buttonNames, cellBoxes, choose, darkBox, drawnMv, num, openThroughBrowser, settled, traceAttr } from './review-helpers';

const FIX = join(REPO_ROOT, 'tests/fixtures/ecg');
const PADDED = join(FIX, 'dicom/ecgtoolkit_style_padded_median.dcm');
const SCP_8_LEAD = join(FIX, 'scp-ecg/abtahi_ECG_20070321_110542_ANON000004.SCP');
const CSV_NO_RATE = join(FIX, 'csv/contec_0000050.ECG.csv');
const MITDB = join(FIX, 'wfdb/mitdb_208');

/** Per lead of the file's median group: the smallest and largest recorded (non-padding) sample, mV. */
async function medianRange(path: string): Promise<Map<string, { min: number; max: number }>> {
  const record = await readEcgFile(path);
  const median = record.groups.find((g) => g.kind === 'median');
  if (!median) throw new Error('no median group');
  return new Map(
    median.leads.map((lead) => {
      const inGap = (i: number) => (lead.gaps ?? []).some(([a, b]) => i >= a && i < b);
      const values = Array.from(lead.samples).filter((_, i) => !inGap(i));
      return [lead.name, { min: Math.min(...values) / 1000, max: Math.max(...values) / 1000 }];
    }),
  );
}

/** True when no trace pixel lies in the padded end (after `beatS` seconds) of any median cell. */
async function paddingBlank(page: Page, beatS: number): Promise<boolean> {
  const pxPerS = await num(page, 'px-per-second');
  for (const c of await cellBoxes(page)) {
    const x = c.x + beatS * pxPerS + 2;
    if (await darkBox(page, { x, y: Math.max(0, c.y), w: c.x + c.w - 1 - x, h: c.h })) return false;
  }
  return true;
}

describe('files drawn as they are, in chromium at 1280x800', () => {
  let app: E2eApp;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-files-e2e-'));
    await copyFile(PADDED, join(root, basename(PADDED)));
    await copyFile(SCP_8_LEAD, join(root, basename(SCP_8_LEAD)));
    // Two exports of one headerless CSV device: the rate given for the first is remembered for the second.
    await copyFile(CSV_NO_RATE, join(root, 'contec_a.csv'));
    await copyFile(CSV_NO_RATE, join(root, 'contec_b.csv'));
    for (const f of ['208.hea', '208.dat']) await copyFile(join(MITDB, f), join(root, f));
    app = await launchApp({ roots: [root], viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('draws the padded median beat without a spike: padding blank, samples in range, unfiltered by default', async () => {
    const { page } = app;
    await openThroughBrowser(page, basename(root), basename(PADDED));
    await page.getByTestId('review-ready').waitFor();
    await choose(page, 'layout-control', 'Median beat');
    await expect.poll(() => traceAttr(page, 'group-kind')).toBe('median');
    await settled(page);
    expect(await traceAttr(page, 'filter')).toBe('unfiltered');
    expect(await page.getByTestId('footer-scale').textContent()).toContain('median beat unfiltered');
    const ranges = await medianRange(PADDED);
    const drawn = await drawnMv(page);
    expect(drawn).toHaveLength(12);
    for (const d of drawn) {
      const r = ranges.get(d.lead);
      if (!r) throw new Error(`no lead ${d.lead}`);
      // What reached the screen spans the recorded beat, nothing more (the -32768 fill was a -41 mV spike).
      expect(d.min).toBeGreaterThanOrEqual(r.min - 0.01);
      expect(d.max).toBeLessThanOrEqual(r.max + 0.01);
      expect(d.max - d.min).toBeGreaterThan(0.5 * (r.max - r.min));
    }
    expect(await paddingBlank(page, 1.0)).toBe(true);
    await page.mouse.move(1, 799);
    await app.screenshot('files-padded-median-unfiltered');
    await page.getByTestId('warnings-badge').click();
    await expect.poll(() => page.getByTestId('record-warnings').textContent()).toContain('padding');
    expect(await page.getByTestId('record-header').getAttribute('data-expanded')).toBe('true');
    await app.screenshot('files-header-expanded');
    await page.getByTestId('header-toggle').click();
    await expect.poll(() => page.getByTestId('record-header').getAttribute('data-expanded')).toBe('false');
    // Filters run on the beat alone: still nothing drawn in the padding, and no ringing blow-up.
    for (const [label, footer] of [['Diagnostic 0.05–150 Hz', '0.05-150 Hz'], ['Monitoring 0.5–40 Hz', '0.5-40 Hz']] as const) {
      await choose(page, 'filter-control', label);
      await expect.poll(() => traceAttr(page, 'filter')).toBe(footer);
      await settled(page);
      expect(await page.getByTestId('footer-scale').textContent()).toContain(`median beat ${footer}`);
      for (const d of await drawnMv(page)) {
        const r = ranges.get(d.lead) as { min: number; max: number };
        expect(d.max - d.min).toBeGreaterThan(0.3 * (r.max - r.min));
        expect(d.max - d.min).toBeLessThan(2 * (r.max - r.min) + 0.2);
      }
      expect(await paddingBlank(page, 1.0)).toBe(true);
      await app.screenshot(`files-padded-median-${footer.replace(/[^0-9a-z]+/gi, '-')}`);
    }
    await choose(page, 'filter-control', 'Median: unfiltered');
    // The rhythm strips keep their own (diagnostic) filter.
    await choose(page, 'layout-control', '3x4 + II rhythm');
    await expect.poll(() => traceAttr(page, 'filter')).toBe('0.05-150 Hz');
  });

  it('derives III, aVR, aVL, aVF of an 8-lead SCP-ECG (marked derived) and runs the model on it', async () => {
    const { page } = app;
    await openThroughBrowser(page, basename(root), basename(SCP_8_LEAD));
    await expect.poll(() => traceAttr(page, 'derived')).toBe('III,aVR,aVL,aVF');
    expect((await traceAttr(page, 'leads')).split(',').slice(0, 12).sort()).toEqual(['I', 'II', 'III', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'aVF', 'aVL', 'aVR'].sort());
    expect(await page.getByTestId('derived-note').textContent()).toContain('III, aVR, aVL, aVF');
    await page.getByTestId('run-model').click();
    const card = page.getByTestId('ai-card');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 90_000 }).toMatch(/done|error/);
    const err = await page.getByTestId('model-error').textContent().catch(() => null);
    expect(err, `model error: ${err}`).toBeNull();
    expect(await page.getByTestId('heads').locator('[data-call]').count()).toBeGreaterThan(0);
    // The AI card's controls are named too, with a result on screen.
    const unnamed = (await buttonNames(page)).filter((b) => !/[A-Za-z]/.test(b.name));
    expect(unnamed, JSON.stringify(unnamed)).toEqual([]);
    await page.mouse.move(1, 799);
    await app.screenshot('files-scp-8-lead-model');
  });

  it('asks for a CSV’s sample rate and unit in the workspace, then remembers them for the folder', async () => {
    const { page } = app;
    await openThroughBrowser(page, basename(root), 'contec_a.csv');
    const error = page.getByTestId('open-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('SAMPLE_RATE_UNKNOWN');
    await page.getByTestId('rate-prompt').waitFor();
    expect(await page.getByTestId('hint-submit').isDisabled()).toBe(true);
    await page.getByTestId('hint-rate').fill('800');
    // The Contec export stores 5 uV per unit (its SCP-ECG twin: lead I peaks at 1.18 mV, the CSV at 236).
    await choose(page, 'hint-unit', 'Other: µV per stored unit…');
    await page.getByTestId('hint-per-unit').fill('5');
    await app.screenshot('files-csv-rate-prompt');
    await page.getByTestId('hint-submit').click();
    await page.getByTestId('review-ready').waitFor();
    await expect.poll(() => num(page, 'sample-rate')).toBe(800);
    expect(await page.getByTestId('hints-note').textContent()).toMatch(/800 Hz, 5 µV per unit: given by you/);
    // Six limb leads stored in the file: the strip and grid show them at 800 Hz, lead I peaking near 1.2 mV.
    expect((await traceAttr(page, 'leads')).split(',')).toContain('aVF');
    await settled(page);
    const leadI = (await drawnMv(page)).find((d) => d.lead === 'I');
    expect(leadI?.max).toBeGreaterThan(0.7);
    expect(leadI?.max).toBeLessThan(1.5);
    // The next export in the folder opens straight away with the remembered rate.
    await page.getByTestId('next-file').click();
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('contec_b.csv');
    await expect.poll(() => num(page, 'sample-rate')).toBe(800);
    expect(await page.getByTestId('hints-note').textContent()).toContain('given for this folder');
    const stored = JSON.parse(await readFile(join(app.dataDir, 'folder-hints.json'), 'utf8')) as { folders: [string, unknown][] };
    expect(stored.folders[0]?.[1]).toEqual({ sampleRateHz: 800, uvPerUnit: 5 });
    await page.mouse.move(1, 799);
    await app.screenshot('files-csv-remembered');
  });

  it('puts mitdb’s MLII on the rhythm strip, labelled MLII', async () => {
    const { page } = app;
    await openThroughBrowser(page, basename(root), '208.hea');
    await expect.poll(() => traceAttr(page, 'leads')).toBe('V1,MLII');
    const cells = await cellBoxes(page);
    expect(cells[cells.length - 1]?.lead).toBe('MLII');
    expect(cells.filter((c) => c.lead === 'MLII')).toHaveLength(1);
    await page.mouse.move(1, 799);
    await app.screenshot('files-mitdb-mlii');
  });
});

describe('keyboard in the review workspace, in chromium at 1280x800', () => {
  let app: E2eApp;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-keys-e2e-'));
    await copyFile(join(FIX, 'dicom/pydicom_waveform_ecg.dcm'), join(root, 'pydicom_waveform_ecg.dcm'));
    app = await launchApp({ roots: [root], viewport: { width: 1280, height: 800 } });
    await openThroughBrowser(app.page, basename(root), 'pydicom_waveform_ecg.dcm');
    await app.page.getByTestId('review-ready').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  const traceFocused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

  it('keeps the shortcuts working after every kind of toolbar click (focus returns to the paper)', async () => {
    const { page } = app;
    await page.getByTestId('sizing-control').getByText('True size').click();
    await expect.poll(() => traceAttr(page, 'sizing')).toBe('true-size');
    await expect.poll(() => traceFocused(page)).toBe('ecg-trace');
    await page.keyboard.press('t');
    await expect.poll(() => traceAttr(page, 'sizing')).toBe('fit');

    await choose(page, 'layout-control', '6x2');
    await expect.poll(() => traceAttr(page, 'layout')).toBe('6x2');
    await expect.poll(() => traceFocused(page)).toBe('ecg-trace');
    await page.keyboard.press('l');
    await expect.poll(() => traceAttr(page, 'layout')).toBe('12x1');

    await page.getByTestId('calipers-toggle').click();
    await expect.poll(() => traceAttr(page, 'calipers')).toBe('on');
    await page.keyboard.press('c');
    await expect.poll(() => traceAttr(page, 'calipers')).toBe('off');

    await page.getByTestId('hide-identifiers').click();
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('ECG');
    await page.keyboard.press('h');
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('pydicom_waveform_ecg.dcm');

    await page.getByTestId('header-toggle').click();
    await page.keyboard.press('s');
    await expect.poll(() => num(page, 'speed')).toBe(50);
    await page.keyboard.press('Shift+S');
    await expect.poll(() => num(page, 'speed')).toBe(25);

    // The arrows pan the paper right after a toolbar click too (12x1 at 1280x800 scrolls).
    await choose(page, 'gain-control', '10 mm/mV');
    await expect.poll(() => traceFocused(page)).toBe('ecg-trace');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => num(page, 'pan-y')).toBeGreaterThan(0);
    await page.keyboard.press('l');
    await page.keyboard.press('Shift+L');
    await page.keyboard.press('Shift+L');
    await expect.poll(() => traceAttr(page, 'layout')).toBe('6x2');
  });

  it('closes the shortcuts panel and dialogs with Esc, then shortcuts work again', async () => {
    const { page } = app;
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor();
    await app.screenshot('files-shortcuts-open');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'hidden' });
    await page.getByTestId('shortcuts-button').click();
    await page.getByTestId('shortcuts-help').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'hidden' });

    await page.getByTestId('calibrate-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // A shortcut key typed while the dialog is open does nothing behind it.
    await page.keyboard.press('l');
    expect(await traceAttr(page, 'layout')).toBe('6x2');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('g');
    await expect.poll(() => num(page, 'gain')).toBe(20);
    await page.keyboard.press('Shift+G');

    await page.keyboard.press('o');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('gives every button an accessible name', async () => {
    const { page } = app;
    const unnamed = async () => (await buttonNames(page)).filter((b) => !/[A-Za-z]/.test(b.name));
    expect(await unnamed(), JSON.stringify(await unnamed())).toEqual([]);
    await page.getByTestId('header-toggle').click();
    await page.keyboard.press('i');
    await expect.poll(() => page.getByTestId('ai-panel').getAttribute('data-open')).toBe('false');
    expect(await unnamed()).toEqual([]);
    const names = (await buttonNames(page)).map((b) => b.name);
    for (const n of ['Previous file in the folder', 'Next file in the folder', 'Calibrate the screen', 'Calipers', 'Hide identifiers', 'Keyboard shortcuts', 'Show the AI panel']) {
      expect(names).toContain(n);
    }
    await page.keyboard.press('i');
    expect(app.consoleErrors).toEqual([]);
  });
});
