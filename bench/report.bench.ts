/**
 * PDF report generation (src-main/core/report): time and size of one 10 s 12-lead ECG against the issue's
 * targets (< 300 ms, < 1 MB), page 1 alone and with the AI page, at 500 Hz (GE MUSE) and 1000 Hz (DICOM); then a
 * 24-page cohort report written end to end (database rows, file hashing and decoding, PDFs on disk), without and
 * with the AI page (the reference pack run per ECG).
 *
 * Times are wall-clock and, in brackets, this process's CPU time (user + system): the build machine is shared, so
 * CPU time is the steadier figure. "first" includes reading and parsing the two DejaVu faces (once per process).
 * BENCH_REPORT_RUNS (default 15): timed runs per case after the first.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScoring } from '../src-main/core/cohort/scorer';
import { CohortStore } from '../src-main/core/cohort/store';
import { readEcgFile } from '../src-main/core/ecg/read-file';
import { loadModel } from '../src-main/core/model/index';
import { writeCohortReports } from '../src-main/core/report/cohort-report';
import { DEFAULT_REPORT_OPTIONS } from '../src-main/core/report/options';
import { renderReportPdf } from '../src-main/core/report/render-report';
import { writeVariedCohort } from '../tests/integration/core/cohort/cohort-fixtures';
import { fakeModel } from '../tests/integration/core/cohort/fake-model';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 15);
const APP = { name: 'EchoingECG Review', version: 'bench' };
const TARGET_MS = 300;
const TARGET_BYTES = 1024 * 1024;
const CASES = [
  { name: 'GE MUSE, 500 Hz, 12 leads (8 stored)', path: 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml' },
  { name: 'DICOM, 1000 Hz, 12 leads', path: 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm' },
];

interface Timed {
  wallMs: number;
  cpuMs: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed & { value: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const ms = (t: Timed) => `${t.wallMs.toFixed(0)} (${t.cpuMs.toFixed(0)})`;
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const ok = (t: Timed, bytes: number) => (t.cpuMs < TARGET_MS && bytes < TARGET_BYTES ? 'yes' : 'NO');

async function main(): Promise<void> {
  const lines = [
    `Report generation, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on a shared machine.`,
    `Times in ms: wall (CPU of this process); median of ${RUNS} runs after the first. Target per ECG: < ${TARGET_MS} ms, < 1 MB.`,
    '',
    '| ECG | pages | first run | median | size kB | within target (CPU) |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  const model = await loadModel(join(ROOT, 'models/reference'));
  try {
    let first = true;
    for (const c of CASES) {
      const record = await readEcgFile(join(ROOT, c.path));
      const prediction = await model.predict(record);
      for (const withAi of [false, true]) {
        const render = () =>
          renderReportPdf({ record, file: { name: 'x', sha256: '0'.repeat(64) }, options: DEFAULT_REPORT_OPTIONS, app: APP, prediction: withAi ? prediction : null });
        const cold = await timed(render);
        const runs: Timed[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await timed(render));
        const med = { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
        const bytes = cold.value.bytes.length;
        lines.push(`| ${c.name}${withAi ? ' + AI page' : ''} | ${cold.value.pages} | ${ms(cold)}${first ? ' (fonts parsed)' : ''} | ${ms(med)} | ${kb(bytes)} | ${ok(med, bytes)} |`);
        first = false;
      }
    }

    lines.push('', '| cohort report (24 pages, end to end: rows, hash, decode, render, write) | ECGs | total s | per page ms | total MB | MB per ECG |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    const dir = mkdtempSync(join(tmpdir(), 'report-bench-'));
    try {
      for (const withAi of [false, true]) {
        const n = withAi ? 12 : 24;
        const folder = join(dir, `ecgs-${n}`);
        writeVariedCohort(folder, n);
        const store = CohortStore.open(join(dir, `c-${n}.db`));
        const cohortId = store.createCohort('bench', '', 'bench').id;
        await runScoring({ store, cohortId, source: { kind: 'folder', path: folder }, model: fakeModel(), readEcg: (p) => readEcgFile(p), jobId: 'b', progressEveryMs: 0 });
        const outDir = join(dir, `pdf-${n}`);
        const t = await timed(() => writeCohortReports({ store, cohortId, outDir, options: DEFAULT_REPORT_OPTIONS, app: APP, model: withAi ? model : null }));
        store.close();
        const pages = t.value.written.reduce((s, w) => s + w.pages, 0);
        const bytes = readdirSync(outDir).reduce((s, f) => s + statSync(join(outDir, f)).size, 0);
        if (t.value.failed.length > 0) throw new Error(`cohort report failed for ${t.value.failed.length} ECGs`);
        lines.push(
          `| ${withAi ? `${n} ECGs x 2 pages (ECG + AI summary, the pack run per ECG)` : `${n} ECGs x 1 page`} | ${t.value.written.length} | ${(t.wallMs / 1000).toFixed(2)} (${(t.cpuMs / 1000).toFixed(2)}) | ${(t.wallMs / pages).toFixed(0)} (${(t.cpuMs / pages).toFixed(0)}) | ${(bytes / 1e6).toFixed(2)} | ${(bytes / 1e6 / n).toFixed(2)} |`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await model.dispose();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
