/**
 * A cohort of headerless CSV exports (12 columns, no header, no time column) scores as the review reads it: with
 * the rate and units given on the command line, or remembered for their folder in the data folder (the review
 * writes them when a CSV there is opened with a rate). Without either, every file is recorded with
 * SAMPLE_RATE_UNKNOWN and the run exits non-zero (nothing could be scored).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortStore } from '../../../src-main/core/cohort/store';
import { readEcgFile } from '../../../src-main/core/ecg/index';
import { rhythmGroup, STANDARD_LEADS } from '../../../src-main/core/ecg/record';

const ROOT = join(__dirname, '../../..');
const root = mkdtempSync(join(tmpdir(), 'cohort-headerless-'));
const folder = join(root, 'csv-export');
const FILES = 3;
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'cohort', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1', ECHOING_ECG_DATA_DIR: dataDir }, timeout: 110_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function score(name: string, dataDir: string, ...extra: string[]) {
  mkdirSync(dataDir, { recursive: true });
  const r = cli(dataDir, 'score', folder, '--db', join(root, `${name}.db`), '--model', join(ROOT, 'models/reference'), '--json', ...extra);
  return { ...r, json: JSON.parse(r.out) as { ok: boolean; scored?: number; failed?: number } };
}

beforeAll(async () => {
  // A real 12-lead ECG (GE MUSE, 500 Hz) written as a device's bare export: 12 columns in microvolts, no header.
  const group = rhythmGroup(await readEcgFile(join(ROOT, 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml')));
  const leads = STANDARD_LEADS.map((name) => group?.leads.find((l) => l.name === name)?.samples);
  if (!group || leads.some((l) => l === undefined)) throw new Error('the fixture lacks a standard lead');
  const n = Math.min(...leads.map((l) => (l as Float32Array).length));
  mkdirSync(folder, { recursive: true });
  for (let f = 0; f < FILES; f++) {
    const lines: string[] = [];
    // Each file a little different (a gain), so they are three ECGs by content, not one.
    for (let i = 0; i < n; i++) lines.push(leads.map((l) => Math.round((l as Float32Array)[i]! * (1 + f * 0.05))).join(','));
    writeFileSync(join(folder, `export-${f}.csv`), `${lines.join('\n')}\n`);
  }
}, 60_000);

describe('cohort score of headerless CSV exports', () => {
  it('without a rate anywhere: every file recorded with SAMPLE_RATE_UNKNOWN, exit non-zero', () => {
    const r = score('none', join(root, 'data-empty'));
    expect(r.code, r.err).not.toBe(0);
    expect(r.json).toMatchObject({ scored: 0, failed: FILES });
    const store = CohortStore.open(join(root, 'none.db'));
    const codes = store.db.prepare('SELECT DISTINCT error_code FROM ecg_files').all();
    store.close();
    expect(codes).toEqual([{ error_code: 'SAMPLE_RATE_UNKNOWN' }]);
  });

  it('with --rate and --uv-per-unit on the command line: every file scored', () => {
    const r = score('flags', join(root, 'data-empty'), '--rate', '500', '--uv-per-unit', '1');
    expect(r.code, r.err).toBe(0);
    expect(r.json).toMatchObject({ ok: true, scored: FILES, failed: 0 });
  });

  it('with the rate and units the review remembered for the folder: every file scored', () => {
    const dataDir = join(root, 'data-remembered');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'folder-hints.json'), JSON.stringify({ version: 1, folders: [[folder, { sampleRateHz: 500, uvPerUnit: 1 }]] }));
    const r = score('remembered', dataDir);
    expect(r.code, r.err).toBe(0);
    expect(r.json).toMatchObject({ ok: true, scored: FILES, failed: 0 });
  });
});
