/**
 * The reading workflow in chromium through the web host, at 1280x800 and at 1920x1080: the worklist-to-review
 * loop (the cohort's stored prediction shown without running the model, the overread recorded in review,
 * Next/Previous walking the queue, the worklist as it was on the way back with the note on the row) and the
 * comparison with a prior ECG (suggested as the same patient's, one page above the other at the same speed and
 * gain, aligned beat on beat, measurements side by side, both AI reads and the change test).
 *
 * Data: simulated ECGs with known LVEF (tests/fixtures/sim) and two GE MUSE ECGs made one patient's: the corpus
 * file of patient JAX01234 (2021) and another MUSE file rewritten with that patient ID and a 2019 date.
 * Screenshots: test-output/e2e/workflow-<width>-*.png.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, REPO_ROOT, type E2eApp } from './harness';

const SIM = join(REPO_ROOT, 'tests/fixtures/sim');
const MUSE = join(REPO_ROOT, 'tests/fixtures/ecg/ge-muse-xml');
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Clicks through the in-app file browser (it reopens where it was: first up to where `names[0]` shows). */
async function browseTo(page: Page, names: string[]): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const first = dialog.getByText(names[0] as string, { exact: true });
  const up = dialog.getByRole('button', { name: /^← / });
  for (let i = 0; i < 6; i++) {
    // The listing loads after the dialog opens: wait until it shows the name or a way up.
    await expect.poll(async () => (await first.isVisible()) || (await up.isVisible()), { timeout: 15_000 }).toBe(true);
    if (await first.isVisible()) break;
    // Going up past the root is harmless: the top level lists the roots, names[0] among them.
    await up.click();
    await page.waitForTimeout(300);
  }
  for (const n of names) await dialog.getByText(n, { exact: true }).click();
}

const predictRequests = (app: E2eApp) => app.requests.filter((u) => u.includes('/api/model%3Apredict')).length;

describe('reading workflow in chromium', () => {
  let app: E2eApp;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-workflow-e2e-'));
    const cohortDir = join(root, 'cohort-ecgs');
    await mkdir(cohortDir);
    for (const f of await readdir(SIM)) if (/^sim-00(0\d|1\d)(-noisy)?\.(hea|dat)$/.test(f)) await copyFile(join(SIM, f), join(cohortDir, f));
    // A WFDB annotation file beside its record: a companion, never counted as an unreadable ECG.
    await copyFile(join(REPO_ROOT, 'tests/fixtures/qrs/208.atr'), join(cohortDir, 'sim-0000.atr'));
    await writeFile(join(cohortDir, 'damaged.dcm'), 'not an ECG at all');
    const clinic = join(root, 'clinic');
    await mkdir(clinic);
    await copyFile(join(MUSE, 'easyrecg_muse_ecg1.xml'), join(clinic, 'jax01234-2021.xml'));
    const prior = (await readFile(join(MUSE, 'easyrecg_muse_ecg2.xml'), 'utf8'))
      .replace(/<PatientID>[^<]*<\/PatientID>/, '<PatientID>JAX01234</PatientID>')
      .replace(/<AcquisitionDate>[^<]*<\/AcquisitionDate>/, '<AcquisitionDate>03-02-2019</AcquisitionDate>');
    await writeFile(join(clinic, 'jax01234-2019.xml'), prior);
    await copyFile(join(MUSE, 'braveheart_example1.xml'), join(clinic, 'other.xml'));
    app = await launchApp({ roots: [root], viewport: VIEWPORTS[0] });
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('imports a cohort: WFDB companions are not unreadable ECGs, and the header separates readable and unreadable files', async () => {
    const { page } = app;
    await page.getByTestId('nav-cohorts').click();
    await page.getByTestId('cohort-new-name').fill('Workflow');
    await page.getByTestId('cohort-create').click();
    await page.getByTestId('import-pick-folder').click();
    await browseTo(page, [basename(root), 'cohort-ecgs']);
    await page.getByRole('dialog').getByRole('button', { name: 'Choose this folder' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('import-start').click();
    const progress = page.getByTestId('import-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 150_000, interval: 500 }).toBe('done');
    const sims = (await readdir(join(root, 'cohort-ecgs'))).filter((f) => f.endsWith('.hea')).length;
    expect(await page.getByTestId('import-progress-text').textContent()).toContain(`${sims + 1}/${sims + 1} files`);
    expect(await page.getByTestId('import-progress-text').textContent()).toContain('1 unreadable');
    await expect.poll(async () => (await page.getByTestId('cohort-counts').textContent()) ?? '').toContain(
      `${sims + 1} files: ${sims} readable ECGs (${sims} scored), 1 unreadable`,
    );
    // Confident negative never holds a row whose uncertainty is high.
    await page.getByTestId('tab-worklist').click();
    await page.getByTestId('worklist-queues').getByText(/^Confident negative/).click();
    await page.getByTestId('worklist-show-reviewed').click({ force: true });
    const negatives = await page.getByTestId('worklist-uncertainty').allTextContents();
    expect(negatives.every((t) => t.startsWith('low'))).toBe(true);
    await page.getByTestId('worklist-show-reviewed').click({ force: true });
    // The failed row says why, not only its code.
    await page.getByTestId('tab-table').click();
    await page.getByTestId('sort-fileName').click();
    const failure = page.getByTestId('cohort-row-failure').first();
    await expect.poll(async () => (await failure.textContent()) ?? '').toMatch(/^Unreadable: .{10,} \(NOT_AN_ECG\)$/);
  });

  for (const viewport of VIEWPORTS) {
    const tag = `workflow-${viewport.width}`;

    it(`${viewport.width}x${viewport.height}: worklist to review and back, with an overread recorded in review`, async () => {
      const { page } = app;
      await page.setViewportSize(viewport);
      await page.getByTestId('nav-cohorts').click();
      await page.getByTestId('tab-worklist').click();
      // The uncertain queue (where the work is), most uncertain first, reviewed rows shown.
      await page.getByTestId('worklist-queues').getByText(/^Uncertain/).click();
      await page.getByTestId('worklist-sort').click();
      await page.getByRole('option', { name: 'Most uncertain first' }).click();
      const showReviewed = page.getByTestId('worklist-show-reviewed');
      if (!(await showReviewed.isChecked())) await showReviewed.click({ force: true });
      const rows = page.getByTestId('worklist-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(2);
      const total = await rows.count();
      await page.getByTestId('overread-reviewer').fill('Dr Queue');
      const start = viewport.width === 1280 ? 0 : 2;
      await rows.nth(start).click();
      const fileIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-file-id')));
      await app.screenshot(`${tag}-worklist`);

      const before = predictRequests(app);
      await page.getByTestId('overread-open').click();
      await page.getByTestId('review-ready').waitFor({ timeout: 60_000 });
      const bar = page.getByTestId('queue-bar');
      await bar.waitFor();
      expect(await page.getByTestId('queue-position').textContent()).toBe(`Uncertain · ${start + 1} of ${total}`);
      // The cohort's stored prediction, shown at once, without running the model.
      const card = page.getByTestId('ai-card');
      await expect.poll(() => card.getAttribute('data-origin')).toBe('cohort');
      expect(await page.getByTestId('prediction-provenance').textContent()).toContain("Stored by the cohort's scoring");
      expect(await page.getByTestId('stored-note').isVisible()).toBe(true);
      await page.waitForTimeout(500);
      expect(predictRequests(app)).toBe(before);
      await page.mouse.move(5, 5);
      await app.screenshot(`${tag}-review-from-worklist`);

      // Overread in review: a note and Disagree; the queue moves on to the next ECG.
      await page.getByTestId('queue-note').fill('QRS notched in V1, echo advised');
      await page.getByTestId('queue-verdict-disagree').click();
      await expect.poll(() => page.getByTestId('queue-position').textContent()).toBe(`Uncertain · ${start + 2} of ${total}`);
      expect(await bar.getAttribute('data-file-id')).toBe(fileIds[start + 1]);
      // Previous (the P key) walks the queue, not the folder: back to the ECG just read, its verdict shown.
      await page.keyboard.press('p');
      await expect.poll(() => bar.getAttribute('data-file-id')).toBe(fileIds[start]);
      expect(await page.getByTestId('queue-recorded').textContent()).toBe('disagree');
      await page.getByTestId('queue-next').click();
      await expect.poll(() => bar.getAttribute('data-file-id')).toBe(fileIds[start + 1]);
      await page.keyboard.press('u');
      await expect.poll(() => bar.getAttribute('data-file-id')).toBe(fileIds[start + 2]);
      await page.mouse.move(5, 5);
      await app.screenshot(`${tag}-review-queue`);

      // Back: the same queue, sort and "show reviewed", the row on screen selected, the note on its row.
      await page.getByTestId('queue-back').click();
      await page.getByTestId('worklist-rows').waitFor();
      expect(await page.getByTestId('worklist-show-reviewed').isChecked()).toBe(true);
      expect(await page.getByTestId('worklist-sort').inputValue()).toBe('Most uncertain first');
      expect(await page.getByTestId('worklist-queues').locator('label[data-active="true"]').textContent()).toMatch(/^Uncertain/);
      await expect.poll(() => page.locator('[data-testid="worklist-row"][data-selected="true"]').getAttribute('data-file-id')).toBe(fileIds[start + 2]);
      const noted = page.locator(`[data-testid="worklist-row"][data-file-id="${fileIds[start]}"]`);
      await expect.poll(async () => (await noted.getByTestId('worklist-note').textContent()) ?? '').toContain('QRS notched in V1');
      await app.screenshot(`${tag}-worklist-after`);
      // The All ECGs table kept its sort (by file name, set before any of this) across the visits to Review.
      await page.getByTestId('tab-table').click();
      expect(await page.getByTestId('sort-fileName').textContent()).toContain('▲');
      await page.getByTestId('tab-worklist').click();
    });

    it(`${viewport.width}x${viewport.height}: compares an ECG with the same patient's prior`, async () => {
      const { page } = app;
      await page.setViewportSize(viewport);
      await page.getByTestId('nav-review').click();
      // Leave the worklist queue: this ECG comes from a folder.
      if (await page.getByTestId('queue-leave').isVisible().catch(() => false)) await page.getByTestId('queue-leave').click();
      await page.getByTestId('open-button').click();
      await browseTo(page, [basename(root), 'clinic', 'jax01234-2021.xml']);
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('jax01234-2021.xml');
      // The model runs by itself when the ECG opens; the card words each finding for a clinician.
      const card = page.getByTestId('ai-card');
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
      expect(await card.getAttribute('data-origin')).toBe('run');
      const heads = (await page.getByTestId('head-estimate').allTextContents()).join(' | ');
      expect(heads).toMatch(/LVEF < 40 %: probability (\d+|< 1|> 99) %/);
      expect(heads).toMatch(/LVEF \d+ % \(90 % interval \d+–\d+ %\)/);
      expect((await page.getByTestId('head-call').allTextContents()).join(' ')).toMatch(/below 40 %: (yes|no)/);
      const cardText = (await card.textContent()) ?? '';
      for (const jargon of [/zero-shot/i, /\bdist\b/i, /\bP\d{2}\b/, /lvef-(knn|prompt|lt)/]) expect(cardText).not.toMatch(jargon);
      expect(await page.getByTestId('uncertainty-text').textContent()).toMatch(/\d+(st|nd|rd|th) percentile.*High means at or above the 50th percentile/);
      const reports = page.getByTestId('similar-report-measurements');
      if ((await reports.count()) > 0) expect(await reports.first().textContent()).toMatch(/LVEF \d+ %.*mL/);
      await page.mouse.move(5, 5);
      await card.screenshot({ path: join(REPO_ROOT, `test-output/e2e/${tag}-ai-card.png`) });
      await page.getByTestId('uncertainty').scrollIntoViewIfNeeded();
      await app.screenshot(`${tag}-ai-card-uncertainty`);
      const firstReport = page.getByTestId('similar-report');
      if ((await firstReport.count()) > 0) {
        await firstReport.first().scrollIntoViewIfNeeded();
        await app.screenshot(`${tag}-ai-card-reports`);
      }

      await page.getByTestId('compare-button').click();
      const candidates = page.getByTestId('prior-candidate');
      await expect.poll(() => candidates.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await candidates.first().getAttribute('data-same-patient')).toBe('yes');
      expect(await candidates.first().textContent()).toContain('jax01234-2019.xml');
      expect(await candidates.first().textContent()).toContain('2 Mar 2019');
      await app.screenshot(`${tag}-prior-picker`);
      await candidates.first().click();

      const trace = page.getByTestId('compare-trace');
      await trace.waitFor({ timeout: 60_000 });
      // Both pages at the same speed and gain: the on-screen ratio px/s : px/mV is 25 : 10, and fit keeps it.
      await expect.poll(async () => Number(await trace.getAttribute('data-aligned-cells')), { timeout: 60_000 }).toBeGreaterThanOrEqual(12);
      const pps = Number(await trace.getAttribute('data-px-per-second'));
      const ppmv = Number(await trace.getAttribute('data-px-per-mv'));
      expect(pps / ppmv).toBeCloseTo(2.5, 3);
      expect(Number(await trace.getAttribute('data-px-per-mm'))).toBeGreaterThanOrEqual(2);
      // Aligned on each strip's first QRS: the prior's QRS minus the offset lands on the current one.
      const nums = async (a: string) => ((await trace.getAttribute(a)) ?? '').split(',').map((x) => (x === '' ? null : Number(x)));
      const [cur, pri, off] = [await nums('data-current-qrs-ms'), await nums('data-prior-qrs-ms'), await nums('data-offsets-ms')];
      cur.forEach((c, i) => {
        if (c !== null) expect(Math.abs((pri[i] as number) - (off[i] as number) - c)).toBeLessThanOrEqual(1);
      });
      expect(await page.getByTestId('compare-date-current').textContent()).toContain('10 May 2021');
      expect(await page.getByTestId('compare-date-prior').textContent()).toContain('2 Mar 2019');
      expect(await page.getByTestId('compare-row-qrsMs').textContent()).toMatch(/78 ms.*80 ms.*−2 ms/);
      const change = page.getByTestId('compare-change');
      await change.waitFor({ timeout: 90_000 });
      expect(await change.getAttribute('data-changed')).toMatch(/true|false/);
      expect(await page.getByTestId('compare-change-text').textContent()).toMatch(/model's own uncertainty.*\(p [<=>] [\d.]+\)/);
      expect(await page.getByTestId('compare-head').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('compare-head').first().textContent()).toMatch(/now, .* before/);
      await page.mouse.move(5, 5);
      await app.screenshot(`${tag}-compare`);
      await page.keyboard.press('Escape');
      await page.getByTestId('review-ready').waitFor();
    });
  }

  it('left no console errors', () => {
    expect(app.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
