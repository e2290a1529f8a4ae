/**
 * The PACS section in chromium through the web host, against a real Orthanc: configure a DIMSE node in the
 * settings screen, test the connection, query by patient ID, retrieve a study (the non-ECG instance stays on
 * the PACS), open a retrieved ECG in the review workspace, and send the studies into a cohort for scoring.
 * Screenshots: test-output/e2e/pacs-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startOrthanc, type OrthancServer } from '../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A2 } from '../helpers/pacs-fixtures';
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
});
