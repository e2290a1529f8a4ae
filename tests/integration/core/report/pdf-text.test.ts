/**
 * What the report says, read back with Debian's pdftotext and pdfinfo: the header fields of a real GE MUSE file,
 * identifiers really gone (text, document information and XMP metadata) when hidden, the AI page's statements
 * with the bundled reference pack, and the overread found by content in a cohort database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../../../src-main/core/cohort/file-source';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { readEcgFile } from '../../../../src-main/core/ecg/index';
import { isCoreError } from '../../../../src-main/core/errors';
import { loadModel, type LoadedEchoingModel } from '../../../../src-main/core/model/index';
import { buildReport } from '../../../../src-main/core/report/build-report';
import { DEFAULT_REPORT_OPTIONS, type ReportOptions } from '../../../../src-main/core/report/options';
import { renderReportPdf } from '../../../../src-main/core/report/render-report';
import { aecgWithDigit } from '../../../helpers/hostile';
import { prediction } from '../../../helpers/report-prediction';
import { imageList, pdfinfo, pdftext, withPdfFile } from './pdf-tools';

const ROOT = join(__dirname, '../../../..');
const MUSE = join(ROOT, 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml');
const APP = { name: 'EchoingECG Review', version: '9.9.9' };
const IDENTIFIERS = ['JAX01234', 'TEST 05', 'easyrecg_muse_ecg1'];

const tmp = mkdtempSync(join(tmpdir(), 'report-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function read(bytes: Uint8Array) {
  return withPdfFile(bytes, (path) => ({
    text: pdftext(path),
    page1: pdftext(path, 1),
    page2: /Pages:\s+2/.test(pdfinfo(path)) ? pdftext(path, 2) : '',
    info: pdfinfo(path),
    xmp: pdfinfo(path, '-meta'),
    images: imageList(path),
    raw: Buffer.from(bytes).toString('latin1'),
  }));
}

const options = (patch: Partial<ReportOptions> = {}): ReportOptions => ({ ...DEFAULT_REPORT_OPTIONS, ...patch });

describe('report text (pdftotext, pdfinfo)', () => {
  it('prints the header of a GE MUSE ECG: patient, acquisition, device, measurements, statements, scale, footer', async () => {
    const r = await buildReport({ path: MUSE, options: options(), app: APP });
    const { sha256 } = await hashFile(MUSE);
    const t = read(r.bytes);
    for (const s of [
      'Patient ID: JAX01234', 'Last name: TEST 05', 'Acquired: 2021-05-10 13:15:18', 'Device: MAC55', 'Rate: 60 bpm', 'PR: 158 ms',
      'QRS: 78 ms', 'QT: 364 ms', 'Device interpretation:', 'Statement Text(22)', '25 mm/s · 10 mm/mV · 0.05-150 Hz',
      'III (derived)', 'aVR (derived)', 'V6', `File: easyrecg_muse_ecg1.xml · SHA-256 ${sha256}`, 'EchoingECG Review 9.9.9 · page 1 of 1',
      '3x4 + II rhythm · A4 · 0.0-10.0 s of 10.0 s',
    ]) {
      expect(t.page1).toContain(s);
    }
    expect(r.pages).toBe(1);
    expect(r.fileName).toBe('easyrecg_muse_ecg1-ecg.pdf');
    expect(t.info).toMatch(/Title:\s+ECG of TEST 05 LAST, 2021-05-10 13:15:18/);
    expect(t.info).toMatch(/Creator:\s+EchoingECG Review 9\.9\.9/);
    expect(t.info).toMatch(/CreationDate:\s+\w/);
    expect(t.images).toEqual([]);
  });

  it('leaves identifiers out of the text, the document information, the XMP metadata and the file name', async () => {
    const r = await buildReport({ path: MUSE, options: options({ hideIdentifiers: true }), app: APP, overread: { verdict: 'agree', reviewer: 'dr.b', note: 'Called JAX01234 back', at: '2026-02-03T04:05:06Z' }, model: { predict: async () => ({ ...prediction(), embedding: { mean: new Float32Array(0), logvar: new Float32Array(0) } }) } });
    const t = read(r.bytes);
    for (const id of IDENTIFIERS) {
      expect(t.text).not.toContain(id);
      expect(t.info).not.toContain(id);
      expect(t.xmp).not.toContain(id);
      // The document information dictionary and XMP are stored uncompressed: check the bytes too.
      expect(t.raw).not.toContain(id);
    }
    expect(t.text).not.toMatch(/\bLAST\b/);
    expect(t.text).toContain('Identifiers hidden');
    expect(t.text).toContain('File name hidden');
    expect(t.text).toContain('Note withheld: identifiers are hidden.');
    expect(t.info).toMatch(/Title:\s+ECG, 2021-05-10 13:15:18/);
    expect(r.fileName).toBe(`ecg-${r.sha256.slice(0, 12)}.pdf`);
    // Non-identifying recording fields stay.
    expect(t.page1).toContain('Device: MAC55');
  });

  it('refuses a prediction with a non-finite number instead of printing it', async () => {
    const record = await readEcgFile(MUSE);
    const bad = prediction({ uncertainty: { score: Number.NaN, percentile: 50, level: 'low' } });
    await expect(renderReportPdf({ record, file: { name: 'x', sha256: 'x' }, options: options(), app: APP, prediction: bad })).rejects.toSatisfy((e) =>
      isCoreError(e, 'REPORT_INVALID_RESULT'),
    );
  });

  it('prints an abstaining prediction with its calls withheld', async () => {
    const record = await readEcgFile(MUSE);
    const { bytes } = await renderReportPdf({
      record, file: { name: 'x.xml', sha256: 'ab' }, options: options(), app: APP,
      prediction: prediction({ uncertainty: { score: 0.5, percentile: 97.2, level: 'abstain' } }),
    });
    const t = read(bytes);
    expect(t.page2).toContain('Uncertainty: abstain · 97th percentile');
    expect(t.page2).toContain('too uncertain about this ECG for its calls to be used');
    expect(t.page2).toMatch(/CALL .*LVEF < 40 % .*no call/);
    expect(t.page2).not.toMatch(/\bpositive\b/);
  });
});

describe('AI page with the bundled reference pack', () => {
  let model: LoadedEchoingModel;
  let db: string;
  beforeAll(async () => {
    model = await loadModel(join(ROOT, 'models/reference'));
    // A cohort database where another reader overread the same content.
    db = join(tmp, 'cohorts.db');
    const store = CohortStore.open(db);
    const cohort = store.createCohort('c', '', 'test');
    const { sha256, sizeBytes } = await hashFile(MUSE);
    const fileId = store.ensureFile(cohort.id, { sha256, path: MUSE, fileName: 'copy.xml', sizeBytes });
    store.recordOverread(fileId, 'dr.first', 'agree', 'first look');
    store.recordOverread(fileId, 'dr.second', 'disagree', 'Limb lead reversal suspected.');
    store.close();
  }, 120_000);
  afterAll(async () => model?.dispose());

  it('states the pack, its not-for-clinical-use statement, heads with intervals and calls, uncertainty, similar reports and the latest overread', async () => {
    const r = await buildReport({ path: MUSE, options: options(), app: APP, model, cohortDbPath: db });
    expect(r.pages).toBe(2);
    const p = read(r.bytes).page2;
    const direct = await model.predict(await readEcgFile(MUSE));
    expect(p).toContain(`AI summary · ${direct.model.name} ${direct.model.version}`);
    expect(p).toContain(direct.model.clinicalUseStatement.slice(0, 60));
    expect(p).toMatch(/not for clinical use/i);
    expect(p).toMatch(/Uncertainty: (low|high|abstain) · \d+(st|nd|rd|th) percentile of the pack's reference set/);
    for (const h of direct.predictions) {
      expect(p).toContain(h.label);
      expect(p).toContain(`${Math.round(h.intervalLevel * 100)} %:`);
    }
    expect(p).toMatch(/\b(positive|negative|no call)\b/);
    expect(p).toContain('SIMILAR ECHO REPORTS');
    expect(p).toContain(`1. ${direct.similarReports[0]?.id}`);
    expect(p).toContain('Model uncertainty on the leads');
    expect(p).toContain('Reader dr.second disagrees with the AI call');
    expect(p).toContain('Note: Limb lead reversal suspected.');
    expect(p).toContain('page 2 of 2');
  });

  it('puts the overread on page 2 even without the AI summary', async () => {
    const r = await buildReport({ path: MUSE, options: options(), app: APP, cohortDbPath: db });
    expect(r.pages).toBe(2);
    const p = read(r.bytes).page2;
    expect(p).toContain('Reader dr.second disagrees');
    expect(p).not.toContain('AI summary');
  });
  it('labels an unusable lead and draws no trace of its absurd values (issue 11)', async () => {
    const path = join(tmp, 'unusable.xml');
    writeFileSync(path, aecgWithDigit('1e30'));
    const r = await buildReport({ path, options: options(), app: APP });
    const t = read(r.bytes);
    expect(t.page1).toContain('I (unusable)');
    expect(t.page1.match(/\(unusable\)/g)).toHaveLength(1);
  });
});
