import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../../src-main/contract';
import { createCohortHandlers } from '../../../../src-main/core/api/cohort-handlers';
import type { HandlerContext } from '../../../../src-main/core/api/types';
import { parseCsv } from '../../../../src-main/core/cohort/csv';
import { shardedLauncher, workerLauncher } from '../../../../src-main/core/cohort/jobs';
import { isRedcapName } from '../../../../src-main/core/cohort/redcap';
import type { JobProgress } from '../../../../src-main/core/cohort/types';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { writeVariedCohort } from './cohort-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('cohort handlers (two worker threads, fake engine)', () => {
  it('imports with labels, reports progress, serves rows, worklist, overread, metrics and exports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cohort-handlers-'));
    dirs.push(root);
    const folder = join(root, 'ecgs');
    const paths = writeVariedCohort(folder, 16);
    writeFileSync(join(folder, 'broken.dcm'), 'nope');
    const labelLines = ['file,lvef,echo_date'];
    paths.forEach((p, i) => labelLines.push(`${basename(p)},${i % 3 === 0 ? 30 : 60},2024-05-0${1 + (i % 9)}`));
    labelLines.push('missing-file.dcm,25,2024-05-01', 'bad-row.dcm,abc,2024-05-01');
    writeFileSync(join(root, 'labels.csv'), labelLines.join('\n'));

    const files = new FileRegistry();
    const h = createCohortHandlers(
      { transport: 'web', files, dataDir: join(root, 'data'), bundledModelsDir: join(root, 'none') },
      { launcher: shardedLauncher(workerLauncher(join(__dirname, '../../../../src-main/core/cohort/score-worker.ts')), 2), modelModule: join(__dirname, 'fake-model.ts') },
    );
    const events: JobProgress[] = [];
    let finish: (p: JobProgress) => void = () => undefined;
    const finished = new Promise<JobProgress>((r) => (finish = r));
    const ctx: HandlerContext = {
      emit: ((name: EventName, payload: JobProgress) => {
        if (name !== 'cohort:progress') return;
        events.push(payload);
        if ((payload.state === 'done' && payload.labels) || payload.state === 'failed') finish(payload);
      }) as HandlerContext['emit'],
    };
    const cohort = await h['cohort:create']({ name: 'Clinic 2024', description: '' }, ctx);
    const folderRef = files.handOut(folder, 'folder');
    const labelsRef = files.handOut(join(root, 'labels.csv'), 'file');
    await expect(
      h['cohort:import']({ cohortId: cohort.id, folderToken: 'forged' }, ctx),
    ).rejects.toMatchObject({ code: 'UNKNOWN_FILE_TOKEN' });
    const { jobId } = await h['cohort:import']({ cohortId: cohort.id, folderToken: folderRef.token, labelsToken: labelsRef.token }, ctx);
    expect(jobId).toMatch(/^[0-9a-f]{16}$/);
    const end = await finished;
    expect(end.error).toBeUndefined();
    expect(end).toMatchObject({ state: 'done', total: 17, scored: 16, failed: 1 });
    expect(end.labels?.joined.byFile).toBe(16);
    expect(end.labels?.unjoinedLabels).toEqual([{ row: 18, reason: 'no ECG with this file name' }]);
    expect(end.labels?.invalidRows).toEqual([{ row: 19, reason: 'LVEF is not a number between 0 and 100' }]);
    expect(events.some((e) => e.state === 'running')).toBe(true);

    const [summary] = await h['cohort:list']({}, ctx);
    expect(summary).toMatchObject({ files: 17, scored: 16, failed: 1, labelled: 16, modelId: 'fake-engine' });

    const page = await h['cohort:rows']({ cohortId: cohort.id, sort: 'risk', direction: 'desc', filter: {}, offset: 0, limit: 50 }, ctx);
    expect(page.total).toBe(17);
    const risks = page.rows.map((r) => r.risk);
    expect(risks.at(-1)).toBeNull();
    const scored = risks.filter((x): x is number => x !== null);
    expect([...scored].sort((a, b) => b - a)).toEqual(scored);
    const failed = await h['cohort:rows']({ cohortId: cohort.id, sort: 'fileName', direction: 'asc', filter: { status: 'failed' }, offset: 0, limit: 10 }, ctx);
    expect(failed.rows.map((r) => [r.fileName, r.errorCode])).toEqual([['broken.dcm', 'NOT_AN_ECG']]);

    const probe = await h['cohort:worklist']({ cohortId: cohort.id, queue: 'negative', sort: 'risk', direction: 'desc', includeReviewed: false, offset: 0, limit: 1 }, ctx);
    expect(probe.counts.reduce((n, c) => n + c.total, 0)).toBe(16);
    const biggest = [...probe.counts].sort((a, b) => b.total - a.total)[0];
    const queue = biggest?.queue ?? 'negative';
    const wl = await h['cohort:worklist']({ cohortId: cohort.id, queue, sort: 'uncertainty', direction: 'desc', includeReviewed: false, offset: 0, limit: 50 }, ctx);
    expect(wl.page.total).toBe(biggest?.total);
    const unc = wl.page.rows.map((r) => r.uncertaintyPercentile ?? -1);
    expect([...unc].sort((a, b) => b - a)).toEqual(unc);
    const first = wl.page.rows[0];
    if (!first) throw new Error('the largest queue is empty');
    await h['cohort:overread']({ fileId: first.fileId, verdict: 'disagree', note: 'baseline wander', reviewer: 'dr.k' }, ctx);
    const after = await h['cohort:worklist']({ cohortId: cohort.id, queue, sort: 'risk', direction: 'desc', includeReviewed: false, offset: 0, limit: 50 }, ctx);
    expect(after.page.rows.find((r) => r.fileId === first.fileId)).toBeUndefined();
    expect(after.counts.find((c) => c.queue === queue)?.reviewed).toBe(1);
    const stored = await h['cohort:prediction']({ fileId: first.fileId }, ctx);
    expect(stored).toMatchObject({ fileId: first.fileId, cohortId: cohort.id, modelId: 'fake-engine', packInstalled: false, splitPercentile: null });
    expect(stored?.model.clinical).toBe(false);
    expect(stored?.uncertainty.percentile).toBe(first.uncertaintyPercentile);
    expect(stored?.predictions.find((x) => x.head === first.primaryHead)?.probability).toBe(first.risk);
    const brokenRow = failed.rows[0];
    expect(brokenRow?.errorMessage).toMatch(/\w+ \w+/);
    expect(await h['cohort:prediction']({ fileId: brokenRow?.fileId ?? 0 }, ctx)).toBeNull();
    const opened = await h['cohort:open-file']({ fileId: first.fileId }, ctx);
    expect(files.resolve(opened.token, 'file')).toContain(first.fileName);

    const metrics = await h['cohort:metrics']({ cohortId: cohort.id, splitPercentile: 50, seed: 1 }, ctx);
    expect(metrics).toMatchObject({ n: 16, positives: 6, negatives: 10, head: 'lvef-lt-40' });
    expect(metrics.calibration.reduce((n, b) => n + b.count, 0)).toBe(16);

    const full = await h['cohort:export']({ cohortId: cohort.id, deidentify: false }, ctx);
    const table = parseCsv(full.csv);
    const header = table[0] ?? [];
    for (const name of header) expect(isRedcapName(name)).toBe(true);
    expect(table).toHaveLength(18);
    const col = (n: string) => header.indexOf(n);
    const reviewed = table.find((row) => row[col('file_name')] === first.fileName);
    expect(reviewed?.[col('overread_verdict')]).toBe('disagree');
    expect(reviewed?.[col('overread_note')]).toBe('baseline wander');
    expect(header).toContain('lvef_lt_40_value');
    // Numbers at the precision a reader can use: probabilities to 0.1 %, the uncertainty score to 4 figures.
    const decimals = (x: string) => (x.includes('.') ? (x.split('.')[1] ?? '').length : 0);
    for (const row of table.slice(1)) {
      for (const c of ['lvef_lt_40_value', 'lvef_lt_40_lo', 'lvef_lt_40_hi']) expect(decimals(row[col(c)] ?? '')).toBeLessThanOrEqual(3);
      expect(decimals(row[col('uncertainty_percentile')] ?? '')).toBeLessThanOrEqual(1);
      const score = row[col('uncertainty_score')] ?? '';
      if (score) expect(Number(score)).toBe(Number(Number(score).toPrecision(4)));
    }
    expect(full.notice).toBeNull();

    const deid = await h['cohort:export']({ cohortId: cohort.id, deidentify: true, salt: 'study-salt-1' }, ctx);
    const again = await h['cohort:export']({ cohortId: cohort.id, deidentify: true, salt: 'study-salt-1' }, ctx);
    expect(deid.csv).toBe(again.csv);
    const dh = parseCsv(deid.csv)[0] ?? [];
    for (const gone of ['file_name', 'sha256', 'accession', 'patient_id', 'acquisition_time', 'overread_note', 'label_echo_date']) {
      expect(dh).not.toContain(gone);
    }
    expect(deid.csv).not.toContain('pydicom_waveform');
    expect(deid.csv).not.toContain('baseline wander');
    // The de-identified export says that it dropped the notes: in its notice and in a column.
    expect(deid.droppedNotes).toBe(1);
    expect(deid.notice).toContain('Overread notes are dropped');
    expect(deid.notice).toContain('1 overread note was dropped');
    const dt = parseCsv(deid.csv);
    const dropped = dt.slice(1).map((row) => row[dh.indexOf('overread_note_dropped')]);
    expect(dropped.filter((x) => x === '1')).toHaveLength(1);

    // Labels with day-first dates (issue 11): refused by line without a format, read with the one named.
    const dayFirst = ['file,lvef,echo_date', ...paths.map((p, i) => `${basename(p)},${i % 3 === 0 ? 30 : 60},0${1 + (i % 9)}/05/2024`)];
    writeFileSync(join(root, 'day-first.csv'), dayFirst.join('\n'));
    const dayRef = files.handOut(join(root, 'day-first.csv'), 'file');
    const guessless = await h['cohort:labels']({ cohortId: cohort.id, labelsToken: dayRef.token }, ctx);
    expect(guessless.invalidRows).toHaveLength(16);
    expect(guessless.invalidRows[0]?.reason).toMatch(/day and month could be read either way/);
    const named = await h['cohort:labels']({ cohortId: cohort.id, labelsToken: dayRef.token, dateFormat: 'DD/MM/YYYY' }, ctx);
    expect(named.invalidRows).toEqual([]);
    expect(named.joined.byFile).toBe(16);
  });
});
