/**
 * ECG reader bench: files/s and MB/s per format over the committed fixtures (bytes held in memory, so disk
 * I/O is not timed; each format repeated to about 1 s after one warm-up pass), and for DICOM the ratio
 * against pydicom decoding the same files to microvolts in the same run
 * (models/tools/fixtures/dicom_timing.py under Debian's /usr/bin/python3). Prints markdown tables.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readEcgBytes } from '../src-main/core/ecg';
import type { ReaderInput } from '../src-main/core/ecg/format-reader';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'tests/fixtures/ecg');
const MIN_SECONDS = Number(process.env.BENCH_READER_SECONDS ?? 1);
/** Headerless CSV exports state no rate; the bench gives the documented ones so they decode. */
const CSV_RATES: Record<string, number> = { 'contec_0000050.ECG.csv': 800, 'denismot_e0103.csv': 250 };

interface Case {
  name: string;
  input: ReaderInput;
  bytes: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function casesOf(format: string): Case[] {
  const files = walk(join(FIXTURES, format)).filter((p) => !/\.(json|md|dat|mat|atr)$/i.test(p) && basename(p) !== '.gitattributes');
  return files.sort().map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const siblings = new Map<string, Uint8Array>();
    for (const n of readdirSync(dirname(path))) if (/\.(dat|mat)$/i.test(n)) siblings.set(n, new Uint8Array(readFileSync(join(dirname(path), n))));
    const total = bytes.length + (format === 'wfdb' ? [...siblings.values()].reduce((s, b) => s + b.length, 0) : 0);
    const rate = CSV_RATES[basename(path)];
    const input: ReaderInput = { bytes, fileName: basename(path), readSibling: (n) => siblings.get(n) };
    if (rate !== undefined) input.hints = { sampleRateHz: rate };
    return { name: basename(path), input, bytes: total };
  });
}

interface Result {
  format: string;
  files: number;
  failures: string[];
  reads: number;
  seconds: number;
  /** CPU seconds (user + system) of this process over the same loop: robust on a shared machine. */
  cpuSeconds: number;
  bytes: number;
}

function timeFormat(format: string): Result {
  const cases = casesOf(format);
  const failures: string[] = [];
  const ok = cases.filter((c) => {
    try {
      readEcgBytes(c.input);
      return true;
    } catch (error) {
      failures.push(`${c.name} (${(error as { code?: string }).code ?? 'error'})`);
      return false;
    }
  });
  let reads = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (ok.length > 0 && elapsed < MIN_SECONDS) {
    for (const c of ok) {
      readEcgBytes(c.input);
      reads += 1;
      bytes += c.bytes;
    }
    elapsed = (performance.now() - start) / 1000;
  }
  const cpu = process.cpuUsage(cpu0);
  return { format, files: cases.length, failures, reads, seconds: elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes };
}

interface PyTiming {
  reads: number;
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  pydicom: string;
}

function pydicom(files: string[]): PyTiming | string {
  const script = join(ROOT, 'models/tools/fixtures/dicom_timing.py');
  const run = spawnSync('/usr/bin/python3', [script, String(MIN_SECONDS), ...files], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) return `pydicom timing failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`;
  return JSON.parse(run.stdout) as PyTiming;
}

const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const formats = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory()).sort();
const results = formats.map(timeFormat);

const lines = [
  `Readers over tests/fixtures/ecg, bytes in memory, >= ${MIN_SECONDS} s per format after one warm-up pass (node ${process.version}).`,
  'Rates per CPU second of this process (user + system) and, in brackets, per wall-clock second (the machine is shared).',
  '',
  '| format | files | decoded | MB per pass | files/s | MB/s | not decoded |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
];
for (const r of results) {
  const perPass = r.reads > 0 ? r.bytes / (r.reads / (r.files - r.failures.length)) / 1e6 : 0;
  lines.push(
    `| ${r.format} | ${r.files} | ${r.files - r.failures.length} | ${fmt(perPass, 2)} | ${fmt(r.reads / r.cpuSeconds)} (${fmt(r.reads / r.seconds)}) | ${fmt(r.bytes / 1e6 / r.cpuSeconds)} (${fmt(r.bytes / 1e6 / r.seconds)}) | ${r.failures.join(', ') || '-'} |`,
  );
}
const dicomFiles = walk(join(FIXTURES, 'dicom')).filter((p) => p.endsWith('.dcm')).sort();
const ours = results.find((r) => r.format === 'dicom');
const py = pydicom(dicomFiles);
lines.push('', '| DICOM reader | files/s (CPU) | MB/s (CPU) | files/s (wall) | ratio ours / pydicom (CPU) | ratio (wall) |', '| --- | ---: | ---: | ---: | ---: | ---: |');
if (ours !== undefined && typeof py !== 'string') {
  const oursCpu = ours.reads / ours.cpuSeconds;
  const pyCpu = py.reads / py.cpuSeconds;
  const oursWall = ours.reads / ours.seconds;
  const pyWall = py.reads / py.seconds;
  lines.push(
    `| this reader (dicom-parser + own waveform decoding) | ${fmt(oursCpu)} | ${fmt(ours.bytes / 1e6 / ours.cpuSeconds)} | ${fmt(oursWall)} | ${fmt(oursCpu / pyCpu, 2)}x | ${fmt(oursWall / pyWall, 2)}x |`,
  );
  lines.push(`| pydicom ${py.pydicom} (dcmread + multiplex_array + scaling) | ${fmt(pyCpu)} | ${fmt(py.bytes / 1e6 / py.cpuSeconds)} | ${fmt(pyWall)} | 1.00x | 1.00x |`);
} else {
  lines.push(`| pydicom | n/a | n/a | ${typeof py === 'string' ? py : 'no DICOM result'} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
