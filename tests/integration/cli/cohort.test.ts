import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/core/cohort/csv';
import { isRedcapName } from '../../../src-main/core/cohort/redcap';
import { writeVariedCohort } from '../core/cohort/cohort-fixtures';

const ROOT = join(__dirname, '../../..');
const root = mkdtempSync(join(tmpdir(), 'cohort-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'cohort', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' }, timeout: 110_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('echoing-ecg cohort (reference pack)', () => {
  const folder = join(root, 'ecgs');
  const db = join(root, 'c.db');
  const paths = writeVariedCohort(folder, 6);
  writeFileSync(join(folder, 'broken.dcm'), 'not dicom');
  const labels = ['file,lvef', ...paths.map((p, i) => `${basename(p)},${i % 2 ? 30 : 65}`), 'absent.dcm,20'];
  writeFileSync(join(root, 'labels.csv'), labels.join('\n'));

  it('scores a folder with labels, then a re-run skips everything', () => {
    const first = cli('score', folder, '--db', db, '--labels', join(root, 'labels.csv'), '--model', join(ROOT, 'models/reference'));
    expect(first.err).toMatch(/running \d+\/7/);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/done 7\/7 \(100%\) scored 6 skipped 0 failed 1/);
    expect(first.out).toMatch(/joined by file 6/);
    expect(first.out).toMatch(/labels line 8: no ECG with this file name/);
    const again = cli('score', folder, '--db', db, '--model', join(ROOT, 'models/reference'), '--workers', '2');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/scored 0 skipped 7 failed 0/);
  });

  it('prints metrics as JSON and as text', () => {
    const json = cli('metrics', '--db', db, '--json');
    expect(json.code, json.err).toBe(0);
    const m = JSON.parse(json.out) as { n: number; positives: number; auroc: number | null; modelId: string };
    expect(m).toMatchObject({ n: 6, positives: 3, modelId: 'echoingecg-reference-sim' });
    expect(m.auroc).not.toBeNull();
    const text = cli('metrics', '--db', db);
    expect(text.out).toMatch(/AUROC \d\.\d{3}/);
    expect(text.out).toContain('| low uncertainty |');
  });

  it('exports REDCap-ready CSV, identified and de-identified', () => {
    const out = join(root, 'out.csv');
    const r = cli('export', '--db', db, '--out', out);
    expect(r.code, r.err).toBe(0);
    const table = parseCsv(readFileSync(out, 'utf8'));
    expect(table).toHaveLength(8);
    const header = table[0] ?? [];
    for (const h of header) expect(isRedcapName(h)).toBe(true);
    expect(header).toEqual(expect.arrayContaining(['record_id', 'file_name', 'lvef_lt_40_value', 'lvef_knn_call', 'uncertainty_level', 'overread_verdict']));
    const deid = join(root, 'deid.csv');
    expect(cli('export', '--db', db, '--out', deid, '--deidentify').code).toBe(0);
    const text = readFileSync(deid, 'utf8');
    expect(text).not.toContain('pydicom_waveform');
    expect(parseCsv(text)[0]).not.toContain('file_name');
  });

  it('score --json and export --json print one JSON object (issue 11)', () => {
    const score = cli('score', folder, '--db', db, '--model', join(ROOT, 'models/reference'), '--json');
    expect(score.code, score.err).toBe(0);
    expect(JSON.parse(score.out)).toMatchObject({ ok: true, state: 'done', total: 7, skipped: 7, scoredInCohort: 6 });
    const exported = cli('export', '--db', db, '--out', join(root, 'j.csv'), '--json');
    expect(exported.code, exported.err).toBe(0);
    expect(JSON.parse(exported.out)).toEqual({ ok: true, rows: 7, deidentified: false, out: join(root, 'j.csv') });
    const failed = cli('export', '--db', join(root, 'nope.db'), '--out', join(root, 'k.csv'), '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.out)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
  });

  it('score exits 1 when nothing could be scored (issue 11)', () => {
    writeFileSync(join(root, 'junk-a.dcm'), 'not dicom');
    const list = join(root, 'junk-list.txt');
    writeFileSync(list, `${join(root, 'junk-a.dcm')}\n${join(root, 'missing.dcm')}\n`);
    const r = cli('score', list, '--db', join(root, 'junk.db'), '--model', join(ROOT, 'models/reference'), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, state: 'done', scored: 0, failed: 2, scoredInCohort: 0 });
    const text = cli('score', list, '--db', join(root, 'junk.db'), '--model', join(ROOT, 'models/reference'));
    expect(text.code).toBe(1);
    expect(text.out).toContain('No ECG could be scored');
  });

  it('reports usage mistakes with exit 2 and missing databases with exit 1', () => {
    expect(cli('score', folder, '--db', db, '--labels', join(root, 'labels.csv'), '--date-format', 'D/M/Y').code).toBe(2);
    expect(cli('metrics', '--bogus').code).toBe(2);
    expect(cli('frobnicate', '--db', db).code).toBe(2);
    const missing = cli('metrics', '--db', join(root, 'nope.db'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('FILE_NOT_FOUND');
  });
});
