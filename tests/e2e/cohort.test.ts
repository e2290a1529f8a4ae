/**
 * Cohorts in chromium through the web host: create a cohort, import a folder of ECGs (with a labels sheet) and
 * watch the progress, sort the worklist, record an overread from the keyboard, read the validation tab, export
 * the CSV through the browser download and read it back. Screenshots: test-output/e2e/cohort-*.png.
 *
 * The folder mixes the simulated cohort of the behaviour fixtures (WFDB records whose LVEF the simulator
 * knows: tests/fixtures/sim/expected.json) with copies of a real corpus DICOM (labelled normal), so the
 * queues and the validation numbers are the bundled pack's real behaviour, not copies of one prediction.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src-main/core/cohort/csv';
import { isRedcapName } from '../../src-main/core/cohort/redcap';
import { writeVariedCohort } from '../integration/core/cohort/cohort-fixtures';
import { launchApp, type E2eApp } from './harness';

const SIM = join(__dirname, '../fixtures/sim');
const DICOM_COPIES = 6;

interface SimExpected {
  records: { record: string; lvef: number; lvefLt40: boolean; noisyRecord?: string }[];
}

describe('cohorts in chromium', () => {
  let app: E2eApp;
  let root: string;
  let names: string[];
  let positives: number;
  let N: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'echoing-cohort-e2e-'));
    const folder = join(root, 'clinic-ecgs');
    const dicoms = writeVariedCohort(folder, DICOM_COPIES).map((p) => basename(p));
    for (const f of await readdir(SIM)) if (/\.(hea|dat)$/.test(f)) await copyFile(join(SIM, f), join(folder, f));
    const expected = JSON.parse(await readFile(join(SIM, 'expected.json'), 'utf8')) as SimExpected;
    const sim = expected.records.flatMap((r) => [{ name: r.record, r }, ...(r.noisyRecord ? [{ name: r.noisyRecord, r }] : [])]);
    names = [...sim.map((s) => s.name), ...dicoms];
    N = names.length;
    positives = sim.filter((s) => s.r.lvefLt40).length;
    await writeFile(join(folder, 'damaged.dcm'), 'not an ECG at all');
    const labels = [
      'file,lvef,echo_date',
      ...sim.map((s) => `${s.name},${s.r.lvef},2024-02-01`),
      ...dicoms.map((n) => `${n},62,2024-02-01`),
      'unknown.dcm,50,2024-02-01',
    ];
    await writeFile(join(root, 'labels.csv'), labels.join('\n'));
    app = await launchApp({ roots: [root], viewport: { width: 1500, height: 950 } });
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('imports a folder with labels and shows progress to the end', async () => {
    const { page } = app;
    await page.getByTestId('nav-cohorts').click();
    await page.getByTestId('cohort-new-name').fill('Clinic 2024');
    await page.getByTestId('cohort-create').click();
    await page.getByTestId('cohort-title').filter({ hasText: 'Clinic 2024' }).waitFor();
    await page.getByTestId('import-pick-folder').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(basename(root), { exact: true }).click();
    await dialog.getByText('clinic-ecgs', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Choose this folder' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('import-pick-labels').click();
    // The browser reopens where it was (the ECG folder): go up to the root that holds the labels sheet.
    await dialog.getByRole('button', { name: `← ${basename(root)}` }).click();
    await dialog.getByText('labels.csv', { exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('import-start').click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    // Pause between files and resume (on a fast machine the import may already be done: then skip this).
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/running|done/);
    if ((await progress.getAttribute('data-state')) === 'running') {
      await page.getByTestId('import-pause').click();
      await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/paused|done/);
      if ((await progress.getAttribute('data-state')) === 'paused') {
        const before = await page.getByTestId('import-progress-text').textContent();
        await new Promise((r) => setTimeout(r, 1500));
        expect(await page.getByTestId('import-progress-text').textContent()).toBe(before);
        await app.screenshot('cohort-import-paused');
        await page.getByTestId('import-resume').click();
      }
    }
    await app.screenshot('cohort-import-running');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 150_000, interval: 500 }).toBe('done');
    await page.getByTestId('labels-report').waitFor();
    const text = await page.getByTestId('import-progress-text').textContent();
    expect(text).toContain(`${N + 1}/${N + 1} files`);
    expect(text).toContain(`${N} scored`);
    expect(text).toContain('1 unreadable');
    expect(await page.getByTestId('labels-report').textContent()).toContain(`${N} joined by file name`);
    expect(await page.getByTestId('labels-report').textContent()).toContain('no ECG with this file name');
    await app.screenshot('cohort-import-done');
  });

  it('sorts the worklist and records an overread from the keyboard', async () => {
    const { page } = app;
    await page.getByTestId('tab-worklist').click();
    // Pick the queue with the most ECGs, then sort by uncertainty.
    const labels = await page.getByTestId('worklist-queues').locator('label').allTextContents();
    const sizes = labels.map((l) => Number(/\/(\d+)\)/.exec(l)?.[1] ?? 0));
    const biggest = sizes.indexOf(Math.max(...sizes));
    await page.getByTestId('worklist-queues').locator('label').nth(biggest).click();
    await page.getByTestId('worklist-sort').click();
    await page.getByRole('option', { name: 'Most uncertain first' }).click();
    await expect.poll(async () => page.getByTestId('worklist-row').count()).toBe(sizes[biggest]);
    // The re-sorted page arrives after the click: wait for it, then the percentiles must run downwards.
    const percentiles = async () => (await page.getByTestId('worklist-uncertainty').allTextContents()).map((t) => Number(/(\d+)(st|nd|rd|th) pct/.exec(t)?.[1]));
    await expect.poll(async () => {
      const unc = await percentiles();
      return unc.length > 1 && unc.every((v, i) => i === 0 || (unc[i - 1] as number) >= v);
    }).toBe(true);
    const unc = await percentiles();
    // Real predictions, not copies of one: the queue spans several uncertainty levels.
    expect(new Set(unc).size).toBeGreaterThan(2);
    await page.getByTestId('overread-reviewer').fill('Dr Test');
    const firstName = await page.getByTestId('worklist-row').first().locator('p').first().textContent();
    await page.getByTestId('overread-note').fill('QRS widened, agree with triage');
    // Select the first row, step down and back up with the keyboard, then agree with A.
    await page.getByTestId('worklist-row').first().click();
    // A click on the queue control (a radio: no typing) leaves the worklist keys working.
    await page.getByTestId('worklist-queues').locator('label').nth(biggest).click();
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('worklist-row').nth(1).getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => page.getByTestId('worklist-row').first().getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(async () => page.getByTestId('worklist-row').count()).toBe((sizes[biggest] ?? 0) - 1);
    await expect.poll(async () => (await page.getByTestId('cohort-counts').textContent()) ?? '').toContain('1 overread');
    expect(await page.getByTestId('worklist-row').first().locator('p').first().textContent()).not.toBe(firstName);
    await app.screenshot('cohort-worklist');
  });

  it('shows the table and the validation numbers and charts', async () => {
    const { page } = app;
    await page.getByTestId('tab-table').click();
    await expect.poll(async () => (await page.getByTestId('cohort-table-total').textContent()) ?? '').toBe(`${N + 1} ECGs`);
    await page.getByTestId('sort-fileName').click();
    await expect.poll(async () => (await page.getByTestId('cohort-row').first().textContent()) ?? '').toContain('damaged.dcm');
    // Virtualised: only the rows in view (plus a few) are in the page, however large the cohort.
    expect(await page.getByTestId('cohort-row').count()).toBeLessThan(N + 1);
    await app.screenshot('cohort-table');
    await page.getByTestId('tab-validation').click();
    await page.getByTestId('metrics-auroc').waitFor();
    expect(await page.getByTestId('metrics-auroc').textContent()).toMatch(/AUROC \d\.\d{3}/);
    await page.getByTestId('chart-roc').waitFor();
    await app.screenshot('cohort-validation');

    // A row opens its ECG in the review workspace; the cohort is still there on the way back.
    await page.getByTestId('tab-table').click();
    await page.getByTestId('cohort-row').nth(1).click();
    await page.getByTestId('review-ready').waitFor({ timeout: 60_000 });
    await app.screenshot('cohort-opened-in-review');
    await page.getByTestId('nav-cohorts').click();
    await page.getByTestId('cohort-title').filter({ hasText: 'Clinic 2024' }).waitFor();
  });

  it('exports the CSV through a browser download and reads it back', async () => {
    const { page } = app;
    await page.getByTestId('export-deidentify').uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const saved = join(root, 'export.csv');
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toMatch(/^Clinic_2024_\d{4}-\d{2}-\d{2}\.csv$/);
    const table = parseCsv(await readFile(saved, 'utf8'));
    const header = table[0] ?? [];
    for (const h of header) expect(isRedcapName(h)).toBe(true);
    expect(table).toHaveLength(N + 2);
    const col = (n: string) => header.indexOf(n);
    const reviewed = table.filter((r) => r[col('overread_verdict')] === 'agree');
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]?.[col('overread_note')]).toBe('QRS widened, agree with triage');
    expect(reviewed[0]?.[col('overread_reviewer')]).toBe('Dr Test');
    expect(table.slice(1).map((r) => r[col('file_name')]).sort()).toEqual([...names, 'damaged.dcm'].sort());

    await page.getByTestId('export-deidentify').check();
    await page.getByTestId('export-salt').fill('study-salt-2024');
    const deidTexts: string[] = [];
    for (const name of ['deid-1.csv', 'deid-2.csv']) {
      const [deid] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      await deid.saveAs(join(root, name));
      deidTexts.push(await readFile(join(root, name), 'utf8'));
    }
    const text = deidTexts[0] ?? '';
    expect(text).not.toContain('pydicom_waveform');
    expect(text).not.toContain('QRS widened');
    // The same salt gives the same hashed record ids, so two exports can be linked.
    expect(parseCsv(deidTexts[1] ?? '').map((r) => r[0])).toEqual(parseCsv(text).map((r) => r[0]));

    await page.getByTestId('tab-validation').click();
    const [metrics] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-json').click()]);
    await metrics.saveAs(join(root, 'metrics.json'));
    const m = JSON.parse(await readFile(join(root, 'metrics.json'), 'utf8')) as { n: number; positives: number; auroc: number; calibration: unknown[] };
    expect(m.n).toBe(N);
    expect(m.positives).toBe(positives);
    // The bundled pack (trained on the simulator) separates the simulated LVEF < 40 % from the rest here too.
    expect(m.auroc).toBeGreaterThan(0.7);
    expect(m.calibration).toHaveLength(10);
    expect(app.externalRequests).toEqual([]);
  });
});
