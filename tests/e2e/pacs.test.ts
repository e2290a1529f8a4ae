/**
 * The PACS section in chromium through the web host, against a real Orthanc: configure a DIMSE node in the
 * settings screen, test the connection, query by patient ID, retrieve a study (the non-ECG instance stays on
 * the PACS), open a retrieved ECG in the review workspace, compare it with the patient's prior chosen from a PACS
 * suggestion (retrieved when chosen), and send the studies into a cohort for scoring.
 * Screenshots: test-output/e2e/pacs-*.png.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecgInstance, TWELVE_LEAD } from '../helpers/dicom-edit';
import { freePort, startOrthanc, type OrthancServer } from '../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A2, uid } from '../helpers/pacs-fixtures';
import { launchApp, type E2eApp } from './harness';

describe('PACS in chromium', () => {
  let orthanc: OrthancServer;
  let app: E2eApp;

  beforeAll(async () => {
    const movePort = await freePort();
    orthanc = await startOrthanc({ modalities: { app: ['ECHOING', '127.0.0.1', movePort] } });
    for (const f of archive()) await orthanc.upload(f.bytes);
    app = await launchApp({ viewport: { width: 1500, height: 950 } });
  });

  afterAll(async () => {
    await app?.close();
    await orthanc?.stop();
  });

  it('configures a node, tests it, queries a patient, retrieves a study and opens an ECG in review', async () => {
    const { page } = app;
    await page.getByTestId('nav-pacs').click();
    await page.getByTestId('pacs-section').waitFor();
    // No node yet: the section opens on the connection settings.
    await page.getByTestId('pacs-field-id').waitFor();
    await page.getByTestId('pacs-field-id').fill('hospital');
    await page.getByTestId('pacs-field-name').fill('Hospital PACS');
    await page.getByTestId('pacs-field-calledAe').fill(orthanc.aet);
    await page.getByTestId('pacs-field-host').fill('127.0.0.1');
    await page.getByTestId('pacs-field-port').fill(String(orthanc.dicomPort));
    await page.getByTestId('pacs-field-callingAe').fill('ECHOING');
    await page.getByTestId('pacs-save').click();
    await page.getByTestId('pacs-test-hospital').click();
    const result = page.getByTestId('pacs-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain(`C-ECHO accepted by ${orthanc.aet}`);
    await app.screenshot('pacs-settings');

    await page.getByTestId('pacs-tab-query').click();
    await page.getByTestId('pacs-q-patientId').fill(PATIENT_A.patientId);
    await page.getByTestId('pacs-search').click();
    const rows = page.getByTestId('pacs-study-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('pacs-result-count').textContent()).toContain('2 studies · 4 ECG instance(s)');
    await app.screenshot('pacs-query');

    const study = page.locator(`[data-testid="pacs-study-row"][data-study="${STUDY_A2}"]`);
    await study.getByTestId('pacs-study-retrieve').click();
    const status = page.getByTestId('pacs-retrieve').first();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('pacs-retrieve-text').first().textContent()).toMatch(/3 retrieved .* 0 failed of 3 ECG instance\(s\) · 1 non-ECG left on the PACS/);
    await expect.poll(() => page.locator('[data-testid="pacs-instance"][data-cached="true"]').count()).toBe(3);
    await app.screenshot('pacs-retrieved');

    await page.getByTestId('pacs-instance-open').first().click();
    await page.getByTestId('review-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('ecg-trace').waitFor();
    await app.screenshot('pacs-open-in-review');
    expect(app.consoleErrors).toEqual([]);
  });

  it("compares the ECG opened from the PACS with the patient's prior, chosen from a PACS suggestion and retrieved then", async () => {
    const { page } = app;
    await page.getByTestId('compare-button').click();
    const candidates = page.getByTestId('prior-candidate');
    const fromPacs = page.locator('[data-testid="prior-candidate"][data-origin="pacs"]');
    // The PACS answers after this machine's suggestions: its 2023 ECG joins the list, first (the most recent prior).
    await expect.poll(() => fromPacs.count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('prior-asking').waitFor({ state: 'detached' });
    expect(await page.getByTestId('prior-notice').count()).toBe(0);
    const prior = candidates.first();
    expect(await prior.getAttribute('data-origin')).toBe('pacs');
    expect(await prior.getAttribute('data-same-patient')).toBe('yes');
    const text = (await prior.textContent()) ?? '';
    for (const part of ['Resting ECG', '1 Mar 2023', 'on Hospital PACS, retrieved when chosen', 'from PACS']) expect(text).toContain(part);
    // The same study's other ECGs, retrieved above, are local files now (still marked as the PACS's).
    const local = page.locator('[data-testid="prior-candidate"][data-origin="file"]');
    expect(await local.count()).toBe(2);
    expect(await local.first().textContent()).toContain('same time as this ECG');
    expect(await local.first().getByTestId('prior-source-pacs').count()).toBe(1);
    await page.mouse.move(5, 5);
    await app.screenshot('pacs-prior-picker');

    await prior.getByTestId('prior-candidate-choose').click();
    const trace = page.getByTestId('compare-trace');
    await trace.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('compare-title').textContent()).toBe('Comparison with a prior ECG: Resting ECG (Hospital PACS)');
    expect(await page.getByTestId('compare-date-current').textContent()).toContain('15 Jun 2024');
    expect(await page.getByTestId('compare-date-prior').textContent()).toContain('1 Mar 2023');
    await expect.poll(async () => Number(await trace.getAttribute('data-aligned-cells')), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.mouse.move(5, 5);
    await app.screenshot('pacs-prior-compare');
    await page.keyboard.press('Escape');
    await page.getByTestId('review-ready').waitFor();
    expect(app.consoleErrors).toEqual([]);
  });

  it('sends the query result into a cohort, which scores the retrieved ECGs', async () => {
    const { page } = app;
    await page.getByTestId('nav-cohorts').click();
    await page.getByTestId('cohort-new-name').fill('From PACS');
    await page.getByTestId('cohort-create').click();
    await page.getByTestId('cohort-title').filter({ hasText: 'From PACS' }).waitFor();
    await page.getByTestId('nav-pacs').click();
    await page.getByTestId('pacs-q-patientId').fill(PATIENT_A.patientId);
    await page.getByTestId('pacs-search').click();
    await expect.poll(() => page.getByTestId('pacs-study-row').count()).toBe(2);
    await page.getByTestId('pacs-cohort-select').click();
    await page.getByRole('option', { name: 'From PACS' }).click();
    await page.getByTestId('pacs-send-cohort').click();
    // Retrieved, then scored: the Cohorts section opens on the cohort, whose four ECGs get scored.
    await page.getByTestId('cohort-title').filter({ hasText: 'From PACS' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-progress').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await page.getByTestId('import-progress-text').textContent()).toMatch(/4\/4 files · 4 scored/);
    await expect.poll(() => page.getByTestId('cohort-counts').textContent(), { timeout: 60_000 }).toMatch(/^4 files: 4 readable ECGs \(4 scored\), 0 unreadable/);
    await app.screenshot('pacs-cohort');
  });

  it("shows a PACS prior's retrieve under way, cancels it on the PACS side too, and says why one failed, with its code", async () => {
    const { page } = app;
    // A third ECG of the patient, on the PACS only.
    const study = uid(1, 3);
    await orthanc.upload(
      ecgInstance(TWELVE_LEAD, {
        ...PATIENT_A, studyDate: '20220110', accession: 'ACC-A3', studyUid: study, seriesUid: `${study}.1`, sopInstanceUid: `${study}.1.1`,
        studyDescription: 'Pre-op ECG', acquisitionDateTime: '20220110090000',
      }),
    );
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-ready').waitFor();
    await page.getByTestId('compare-button').click();
    const fromPacs = page.locator('[data-testid="prior-candidate"][data-origin="pacs"]');
    await expect.poll(() => fromPacs.count(), { timeout: 30_000 }).toBe(1);
    expect(await fromPacs.textContent()).toContain('Pre-op ECG');
    expect(await fromPacs.textContent()).toContain('10 Jan 2022');

    // The node now points at a peer that accepts and never answers: the retrieve shows it is under way; Cancel
    // stops it, and the connection to the PACS is closed.
    const nodesFile = join(app.dataDir, 'pacs-nodes.json');
    const saved = await readFile(nodesFile, 'utf8');
    const pointAt = (port: number) => writeFile(nodesFile, saved.replace(`"port": ${orthanc.dicomPort}`, `"port": ${port}`));
    const open = new Set<Socket>();
    const silent = createServer((s) => {
      // Reads what it is sent (so it sees the close) and never answers.
      s.resume();
      open.add(s);
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await pointAt((silent.address() as { port: number }).port);
      await fromPacs.getByTestId('prior-candidate-choose').click();
      const status = fromPacs.getByTestId('prior-retrieve');
      await status.waitFor();
      await expect.poll(() => open.size, { timeout: 15_000 }).toBe(1);
      expect(await fromPacs.getByTestId('prior-retrieve-text').textContent()).toBe('Asking the PACS for this ECG…');
      await page.mouse.move(5, 5);
      await app.screenshot('pacs-prior-retrieving');
      await fromPacs.getByTestId('prior-retrieve-cancel').click();
      await status.waitFor({ state: 'detached' });
      await expect.poll(() => open.size, { timeout: 15_000 }).toBe(0);
      expect(await fromPacs.getByTestId('prior-retrieve-error').count()).toBe(0);
    } finally {
      silent.close();
    }

    // A PACS that refuses connections: the row says why, with the code; the chooser stays open.
    await pointAt(await freePort());
    await fromPacs.getByTestId('prior-candidate-choose').click();
    const error = fromPacs.getByTestId('prior-retrieve-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/^Could not retrieve this ECG: Nothing accepts DICOM connections at 127\.0\.0\.1:\d+.* \(PACS_CONNECTION_FAILED\)$/);
    await page.mouse.move(5, 5);
    await app.screenshot('pacs-prior-retrieve-failed');

    // The PACS back: chosen again, it is retrieved and compared.
    await writeFile(nodesFile, saved);
    await fromPacs.getByTestId('prior-candidate-choose').click();
    await page.getByTestId('compare-trace').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('compare-title').textContent()).toBe('Comparison with a prior ECG: Pre-op ECG (Hospital PACS)');
    expect(await page.getByTestId('compare-date-prior').textContent()).toContain('10 Jan 2022');
    await page.keyboard.press('Escape');
    expect(app.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
