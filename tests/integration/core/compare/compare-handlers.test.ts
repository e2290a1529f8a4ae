/**
 * Prior ECG suggestions and beats through the compare handlers, on real files: a GE MUSE ECG, the same
 * patient's earlier ECG (a copy of another MUSE file given this patient's ID and a 2019 date), another patient,
 * an ECG that states no patient, an unreadable file, the recent list and a cohort database.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareChannels } from '../../../../src-main/contract/compare';
import { createCompareHandlers } from '../../../../src-main/core/api/compare-handlers';
import { COHORT_DB_FILE } from '../../../../src-main/core/cohort/db';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import type { PriorSource } from '../../../../src-main/core/compare/prior-sources';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';

const FIX = join(__dirname, '../../../fixtures/ecg');
const root = mkdtempSync(join(tmpdir(), 'echoing-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The MUSE file rewritten as the same patient's ECG on another date. */
function musePrior(dest: string, patientId: string, date: string) {
  const xml = readFileSync(join(FIX, 'ge-muse-xml/easyrecg_muse_ecg2.xml'), 'utf8')
    .replace(/<PatientID>[^<]*<\/PatientID>/, `<PatientID>${patientId}</PatientID>`)
    .replace(/<AcquisitionDate>[^<]*<\/AcquisitionDate>/, `<AcquisitionDate>${date}</AcquisitionDate>`);
  writeFileSync(dest, xml);
}

describe('compare handlers', () => {
  const clinic = join(root, 'clinic');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(clinic, { recursive: true });
  mkdirSync(elsewhere, { recursive: true });
  const current = join(clinic, 'jax-2021.xml');
  copyFileSync(join(FIX, 'ge-muse-xml/easyrecg_muse_ecg1.xml'), current);
  musePrior(join(clinic, 'jax-2019.xml'), 'JAX01234', '03-02-2019');
  musePrior(join(clinic, 'jax-2023.xml'), 'jax01234 ', '03-02-2023');
  copyFileSync(join(FIX, 'ge-muse-xml/easyrecg_muse_ecg2.xml'), join(clinic, 'other-patient.xml'));
  copyFileSync(join(FIX, 'ge-muse-xml/braveheart_example1.xml'), join(clinic, 'no-id.xml'));
  writeFileSync(join(clinic, 'broken.dcm'), 'not a DICOM');
  writeFileSync(join(clinic, 'notes.txt'), 'not an ECG file name');
  // A prior kept in another folder, known to a cohort by the patient ID, and one from the recent list.
  const cohortPrior = join(elsewhere, 'jax-2017.xml');
  musePrior(cohortPrior, 'JAX01234', '06-01-2017');
  const recentPrior = join(elsewhere, 'recent.xml');
  musePrior(recentPrior, 'JAX01234', '01-01-2020');
  const dataDir = join(root, 'data');
  const store = CohortStore.open(join(dataDir, COHORT_DB_FILE));
  const cohort = store.createCohort('c', '', 'test');
  store.db
    .prepare("INSERT INTO ecg_files (cohort_id, sha256, path, file_name, size_bytes, patient_id, acquisition_time, added_at) VALUES (?, 'h', ?, 'jax-2017.xml', 1, 'JAX01234', '2017-06-01', 'now')")
    .run(cohort.id, cohortPrior);
  store.close();

  it('suggests the same patient first, most recent prior first, from the folder, the recent list and the cohort', async () => {
    const files = new FileRegistry();
    const recent = new RecentFiles(dataDir);
    await recent.add(recentPrior);
    await recent.add(current);
    const h = createCompareHandlers({ transport: 'web', files, dataDir, bundledModelsDir: join(root, 'none') }, recent);
    const token = files.handOut(current, 'file').token;
    const { candidates: list, notices, pending } = await h['compare:candidates'](compareChannels['compare:candidates'].request.parse({ token }), { emit: () => undefined });
    expect(notices).toEqual([]);
    expect(pending).toEqual([]);
    const names = list.map((c) => c.file?.name);
    expect(names).not.toContain('jax-2021.xml');
    expect(names).not.toContain('notes.txt');
    // Same patient (ID matched whatever its case and spaces): acquired before this ECG, most recent first, then after.
    expect(names.slice(0, 4)).toEqual(['recent.xml', 'jax-2019.xml', 'jax-2017.xml', 'jax-2023.xml']);
    expect(list.slice(0, 4).every((c) => c.samePatient === 'yes')).toBe(true);
    expect(list.find((c) => c.file?.name === 'jax-2017.xml')?.sources).toEqual(['cohort']);
    expect(list.find((c) => c.file?.name === 'recent.xml')?.sources).toEqual(['recent']);
    expect(list.find((c) => c.file?.name === 'jax-2019.xml')).toMatchObject({ sources: ['folder'], acquisitionTime: '2019-03-02T13:09:05', format: 'ge-muse-xml', errorCode: null });
    expect(list.find((c) => c.file?.name === 'no-id.xml')?.samePatient).toBe('unknown');
    expect(list.find((c) => c.file?.name === 'other-patient.xml')?.samePatient).toBe('no');
    expect(list.at(-1)).toMatchObject({ samePatient: 'unknown', errorCode: 'NOT_AN_ECG' });
    expect(list.at(-1)?.file?.name).toBe('broken.dcm');
    // Each suggestion is a handed-out file the renderer can open.
    expect(files.resolve(list[0]?.file?.token ?? '', 'file')).toBe(recentPrior);
    expect(list.every((c) => c.pacs === null && c.description === null && c.kind === null)).toBe(true);
  });

  it('takes extra sources (a PACS query plugs in here) and survives one that fails', async () => {
    const files = new FileRegistry();
    const pacs: PriorSource = { id: 'pacs', find: async (q) => ({ files: q.patientId === 'JAX01234' ? [{ path: join(elsewhere, 'jax-2017.xml') }] : [] }) };
    const broken: PriorSource = { id: 'pacs', find: async () => Promise.reject(new Error('unreachable /home/DOE^JANE/x.dcm')) };
    const h = createCompareHandlers({ transport: 'web', files, dataDir: join(root, 'no-data'), bundledModelsDir: join(root, 'none') }, new RecentFiles(join(root, 'no-data')), [broken, pacs]);
    const token = files.handOut(current, 'file').token;
    const { candidates: list, notices } = await h['compare:candidates']({ token }, { emit: () => undefined });
    expect(list.find((c) => c.file?.name === 'jax-2017.xml')?.sources).toEqual(['pacs']);
    // The failing source says so, in our words (a library's message may quote a path).
    expect(notices).toEqual([{ source: 'pacs', code: 'INTERNAL', message: 'This source could not be searched.' }]);
  });

  it('finds the beats of a rhythm strip, on every lead', async () => {
    const files = new FileRegistry();
    const h = createCompareHandlers({ transport: 'web', files, dataDir, bundledModelsDir: join(root, 'none') }, new RecentFiles(dataDir));
    const beats = await h['compare:beats']({ token: files.handOut(current, 'file').token }, { emit: () => undefined });
    // The device says 60 bpm over 10 s.
    expect(beats.beatsS.length).toBeGreaterThanOrEqual(9);
    expect(beats.beatsS.length).toBeLessThanOrEqual(11);
    const rr = beats.beatsS.slice(1).map((t, i) => t - (beats.beatsS[i] as number));
    for (const x of rr) expect(x).toBeGreaterThan(0.85);
    expect(beats.leads.map((l) => l.name)).toContain('V6');
    for (const l of beats.leads) {
      expect(l.qrsS).toHaveLength(beats.beatsS.length);
      l.qrsS.forEach((t, k) => expect(Math.abs(t - (beats.beatsS[k] as number))).toBeLessThanOrEqual(0.1));
    }
    await expect(h['compare:beats']({ token: files.handOut(join(clinic, 'broken.dcm'), 'file').token }, { emit: () => undefined })).rejects.toMatchObject({ code: 'NOT_AN_ECG' });
  });
});
