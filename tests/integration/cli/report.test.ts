/**
 * `echoing-ecg report` and `echoing-ecg cohort report` as a user runs them (a child process), checked with
 * Debian's pdfinfo and pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src-main/core/cohort/queries';
import { runScoring } from '../../../src-main/core/cohort/scorer';
import { CohortStore } from '../../../src-main/core/cohort/store';
import { readEcgFile } from '../../../src-main/core/ecg/index';
import { writeVariedCohort } from '../core/cohort/cohort-fixtures';
import { fakeModel } from '../core/cohort/fake-model';
import { pdfinfo, pdftext } from '../core/report/pdf-tools';

const ROOT = join(__dirname, '../../..');
const MUSE = join(ROOT, 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml');
const root = mkdtempSync(join(tmpdir(), 'report-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1', ...env }, timeout: 110_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('echoing-ecg report', () => {
  it('writes one page on the requested paper and layout', () => {
    const out = join(root, 'muse.pdf');
    const r = cli(['report', MUSE, '--out', out, '--paper', 'letter', '--layout', '12x1', '--speed', '50', '--gain', '5']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^wrote .*muse\.pdf \(1 page, \d+ kB\)/);
    expect(pdfinfo(out)).toMatch(/Pages:\s+1[\s\S]*Page size:\s+792 x 612 pts \(letter\)/);
    expect(pdftext(out)).toContain('50 mm/s · 5 mm/mV · 0.05-150 Hz · 12x1 · Letter · 0.0-5.0 s of 10.0 s');
  });

  it('adds the AI page with --ai and the given pack, and hides identifiers', () => {
    const out = join(root, 'ai.pdf');
    const r = cli(['report', MUSE, '--out', out, '--ai', '--model', join(ROOT, 'models/reference'), '--hide-identifiers', '--filter', 'monitoring', '--notch', '60']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('(2 pages,');
    const text = pdftext(out);
    expect(text).toContain('AI summary · EchoingECG reference (simulated)');
    expect(text).toContain('25 mm/s · 10 mm/mV · 0.5-40 Hz + 60 Hz notch');
    expect(text).not.toContain('JAX01234');
    expect(pdfinfo(out)).not.toContain('TEST 05');
  });

  it('is byte-identical from run to run when SOURCE_DATE_EPOCH fixes the creation date', () => {
    const a = join(root, 'a.pdf');
    const b = join(root, 'b.pdf');
    expect(cli(['report', MUSE, '--out', a], { SOURCE_DATE_EPOCH: '1700000000' }).code).toBe(0);
    expect(cli(['report', MUSE, '--out', b], { SOURCE_DATE_EPOCH: '1700000000' }).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(pdfinfo(a)).toMatch(/CreationDate:\s+Tue Nov 14 22:13:20 2023 UTC/);
  });

  it('answers usage mistakes with 2 and unreadable files with a coded error and 1', () => {
    const usage = cli(['report', MUSE]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--out FILE.pdf is required.');
    expect(cli(['report', MUSE, '--out', join(root, 'x.pdf'), '--speed', '12.5']).code).toBe(2);
    const missing = cli(['report', join(root, 'absent.dcm'), '--out', join(root, 'x.pdf')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/FILE_NOT_FOUND/);
    const notEcg = cli(['report', join(ROOT, 'README.md'), '--out', join(root, 'x.pdf')]);
    expect(notEcg.code).toBe(1);
    expect(notEcg.err).toMatch(/report: [A-Z_]+: /);
  });
});

describe('echoing-ecg cohort report', () => {
  const folder = join(root, 'cohort');
  const db = join(root, 'cohort.db');
  let queue: string;
  let inQueue: { fileId: number; fileName: string }[];

  beforeAll(async () => {
    writeVariedCohort(folder, 6);
    const store = CohortStore.open(db);
    const cohort = store.createCohort('study', '', 'test');
    await runScoring({
      store, cohortId: cohort.id, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'j', progressEveryMs: 0,
    });
    const rows = queryRows(store, { cohortId: cohort.id, sort: 'risk', direction: 'desc', filter: { status: 'scored' }, offset: 0, limit: 100 }).rows;
    queue = rows[0]?.queue ?? 'negative';
    inQueue = rows.filter((r) => r.queue === queue).map((r) => ({ fileId: r.fileId, fileName: r.fileName }));
    store.recordOverread(inQueue[0]?.fileId ?? 0, 'dr.c', 'agree', 'Reviewed at the meeting.');
    store.close();
  });

  it('writes one PDF per ECG of the queue, in worklist order, with its overread', () => {
    const out = join(root, 'queue');
    const r = cli(['cohort', 'report', '--db', db, '--out', out, '--queue', queue]);
    expect(r.code, r.err).toBe(0);
    const pdfs = readdirSync(out).sort();
    expect(pdfs).toHaveLength(inQueue.length);
    expect(pdfs.map((p) => p.slice(4))).toEqual(inQueue.map((q) => `${q.fileName.replace(/\.[^.]+$/, '')}-ecg.pdf`));
    expect(pdfs[0]).toMatch(/^001-/);
    expect(pdftext(join(out, pdfs[0] as string))).toContain('Reader dr.c agrees with the AI call');
    expect(r.out).toContain(`wrote ${inQueue.length} PDFs`);
  });

  it('names the PDFs by content hash with --hide-identifiers, and lists a moved file without stopping', () => {
    const moved = inQueue.at(-1)?.fileName ?? '';
    const movedPath = readdirSync(folder, { recursive: true, withFileTypes: true }).find((d) => d.name === moved);
    expect(movedPath).toBeDefined();
    const from = join(movedPath?.parentPath ?? '', moved);
    renameSync(from, `${from}.away`);
    try {
      const out = join(root, 'hidden');
      const r = cli(['cohort', 'report', '--db', db, '--out', out, '--queue', queue, '--hide-identifiers']);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/1 failed/);
      expect(r.out).toMatch(/ECG #\d+: FILE_NOT_FOUND/);
      expect(r.out).not.toContain(basename(moved, '.dcm'));
      const pdfs = readdirSync(out);
      expect(pdfs).toHaveLength(inQueue.length - 1);
      for (const p of pdfs) expect(p).toMatch(/^\d{3}-ecg-[0-9a-f]{12}\.pdf$/);
    } finally {
      renameSync(`${from}.away`, from);
    }
  });

  it('adds the AI pages with --ai and says when they come from another pack than the queues', () => {
    const out = join(root, 'ai');
    const r = cli(['cohort', 'report', '--db', db, '--out', out, '--queue', queue, '--ai', '--model', join(ROOT, 'models/reference')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/note: the queues come from fake-engine 1\.0\.0; the AI pages from echoingecg-reference-sim/);
    expect(r.out).toContain(`(${2 * inQueue.length} pages)`);
  });

  it('refuses an unknown queue as a usage mistake', () => {
    expect(cli(['cohort', 'report', '--db', db, '--out', join(root, 'q'), '--queue', 'urgent']).code).toBe(2);
  });
});
