/**
 * `echoing-ecg cohort adapt` on a scored, labelled cohort database (the shift fixture): the JSON report, the
 * saved pack, the per-ECG predictions file, the text report, usage mistakes and refusals with their codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptationReport } from '../../../src-main/core/adapt/types';
import { parseCsv } from '../../../src-main/core/cohort/csv';
import { CohortStore } from '../../../src-main/core/cohort/store';
import { loadPackData } from '../../../src-main/core/model/pack/load';
import { loadAdaptFixture, seedAdaptCohort } from '../../helpers/adapt-cohort';

const ROOT = join(__dirname, '../../..');
const root = mkdtempSync(join(tmpdir(), 'cohort-adapt-cli-'));
const db = join(root, 'c.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'cohort', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' }, timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  const store = CohortStore.open(db);
  const pack = await loadPackData(join(ROOT, 'models/reference'));
  seedAdaptCohort(store, loadAdaptFixture('shift'), pack, { dir: root, name: 'Hospital B', records: 400 });
  seedAdaptCohort(store, loadAdaptFixture('shift'), pack, { dir: root, name: 'tiny', records: 20 });
  store.close();
});

describe('echoing-ecg cohort adapt', () => {
  it('adapts LVEF < 40 %, prints the report as JSON, saves the pack and the held-out predictions', () => {
    const out = join(root, 'pack');
    const r = cli('adapt', '--db', db, '--cohort', 'Hospital B', '--target', 'lvef', '--below', '40', '--out', out, '--name', 'Hospital B', '--methods', 'recalibrate,fewshot', '--seed', '7', '--predictions', join(root, 'pred.csv'), '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { pack: { id: string; dir: string }; report: AdaptationReport };
    expect(j.pack.id).toBe('echoingecg-reference-sim-hospital-b');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    const rep = j.report;
    expect(rep.target).toMatchObject({ column: 'lvef', below: 40, kind: 'binary', name: 'lvef_lt_40' });
    expect(rep.split).toMatchObject({ by: 'patient', seed: 7, testFraction: 0.3 });
    expect(rep.base[0]?.binary?.auroc).toBeGreaterThan(0.7);
    for (const e of [...rep.base, ...rep.adapted]) {
      for (const k of ['auroc', 'balancedAccuracy', 'brier', 'calibrationSlope', 'calibrationIntercept', 'ece'] as const) expect(Number.isFinite(e.binary?.[k])).toBe(true);
      expect(e.binary?.aurocInterval?.level).toBe(0.95);
    }
    expect(rep.learningCurve.series.map((s) => s.points.map((p) => p.size))).toEqual([
      [10, 20, 50, 100, 200, rep.counts.train.ecgs],
      [10, 20, 50, 100, 200, rep.counts.train.ecgs],
    ]);
    const csv = parseCsv(readFileSync(join(root, 'pred.csv'), 'utf8'));
    expect(csv[0]).toEqual(['sha256', 'truth', 'lvef-lt-40', 'lvef-lt-40-site', 'site-fewshot-lvef-lt-40']);
    expect(csv.length - 1).toBe(rep.counts.test.ecgs);
    // Same seed, same split and numbers; the text report names the pack and the table.
    const text = cli('adapt', '--db', db, '--cohort', 'Hospital B', '--target', 'lvef', '--below', '40', '--out', join(root, 'pack2'), '--name', 'B2', '--methods', 'recalibrate,fewshot', '--seed', '7');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('| lvef-lt-40 | base |');
    expect(text.out).toContain(`held-out test ${rep.counts.test.ecgs} ECGs`);
    expect(text.out).toContain('Saved model pack echoingecg-reference-sim-b2');
    expect(text.out).toContain(rep.base[0]?.binary?.brier.toFixed(4) as string);
  });

  it('usage mistakes exit 2; refusals exit 1 with their code', () => {
    expect(cli('adapt', '--db', db, '--cohort', 'Hospital B', '--out', join(root, 'x')).code).toBe(2);
    expect(cli('adapt', '--db', db, '--cohort', 'Hospital B', '--target', 'lvef').code).toBe(2);
    expect(cli('adapt', '--db', db, '--cohort', 'Hospital B', '--target', 'lvef', '--out', join(root, 'x'), '--methods', 'magic').code).toBe(2);
    const few = cli('adapt', '--db', db, '--cohort', 'tiny', '--target', 'lvef', '--below', '40', '--out', join(root, 'tiny'));
    expect(few.code).toBe(1);
    expect(few.err).toMatch(/ADAPT_TOO_FEW_LABELS: .*at least 10 of each/);
    // With --json a refusal is JSON on stdout too (one shape for scripts), still exit 1.
    const fewJson = cli('adapt', '--db', db, '--cohort', 'tiny', '--target', 'lvef', '--below', '40', '--out', join(root, 'tiny'), '--json');
    expect(fewJson.code).toBe(1);
    expect(JSON.parse(fewJson.out)).toMatchObject({ ok: false, error: { code: 'ADAPT_TOO_FEW_LABELS' } });
    const col = cli('adapt', '--db', db, '--cohort', 'Hospital B', '--target', 'nope', '--out', join(root, 'nope'));
    expect(col.code).toBe(1);
    expect(col.err).toContain('ADAPT_TARGET_INVALID');
    expect(existsSync(join(root, 'tiny'))).toBe(false);
  });
});
