/**
 * Model runtime bench: preprocessing time per ECG (target < 5 ms for 10 s 500 Hz 12 leads), onnxruntime-node
 * ECGs/s at batch 1, 8, 32 for the reference pack and a full-size EchoingECG-101 with random weights
 * (models/local/, generated when missing), each next to PyTorch eager on the same inputs in the same run, and
 * peak memory. PyTorch runs the same network: for the reference pack the manifest's architecture (random
 * weights, timing only), for the full pack models/local/random-full.pt, the checkpoint its ONNX was exported
 * from, so there the outputs are compared too. Prints markdown tables.
 * Also: head post-processing per ECG, full scans against the exact pruned kernels (head-kernels.ts).
 * BENCH_FULL=0 skips the full-size part; BENCH_GPU=1 also times `auto` (GPU providers) when one is present.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EcgRecord } from '../src-main/core/ecg/record';
import { createOrtEngineInThread } from '../src-main/core/model/engine/ort-engine';
import type { EngineOutputs, InferenceEngine } from '../src-main/core/model/engine/types';
import { readManifest } from '../src-main/core/model/pack/load';
import type { PackManifest } from '../src-main/core/model/pack/manifest';
import { loadModel } from '../src-main/core/model/model';
import { preprocessRecord } from '../src-main/core/model/preprocess/pipeline';
import { setWorkerScript } from '../src-main/core/model/worker-script';
import { headKernelsBench } from './head-kernels';
import { LOCAL, ensureFullPack } from './full-pack';
import { TorchServer } from './torch-server';
import { maxEventLoopGap } from '../tests/helpers/event-loop-gap';

const ROOT = join(__dirname, '..');
const BATCHES = [1, 8, 32];
const tmp = mkdtempSync(join(tmpdir(), 'echoing-bench-'));
const rssMiB = (): number => process.resourceUsage().maxRSS / 1024;
const fmt = (v: number | undefined, d = 1): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

function synthRecord(fs: number, seconds: number, seed: number): EcgRecord {
  const n = Math.round(fs * seconds);
  const leads = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((name, l) => {
    const s = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / fs;
      const beat = (t * 1.2 + seed * 0.1) % 1;
      s[i] = 1000 * Math.exp(-(((beat - 0.3) / 0.02) ** 2)) * (1 + 0.1 * l) + 150 * Math.sin(2 * Math.PI * 0.3 * t + l) + 20 * Math.sin(i * 0.7 + seed);
    }
    return { name, samples: s, derived: false };
  });
  return { format: 'csv', fields: [], measurements: {}, statements: [], filters: {}, warnings: [], groups: [{ kind: 'rhythm', sampleRateHz: fs, leads }] };
}

function preprocessBench(manifest: PackManifest): string {
  // Wall time suffers when the machine is shared; CPU time per ECG (process.cpuUsage) shows the work itself.
  const rows = ['| source | wall ms per ECG (median of 40) | CPU ms per ECG (mean) | ECGs/s (1 thread, wall) |', '| --- | ---: | ---: | ---: |'];
  for (const [fs, secs] of [[500, 10], [250, 10], [1000, 10], [360, 10], [257, 10]] as const) {
    const rec = synthRecord(fs, secs, 1);
    for (let i = 0; i < 25; i++) preprocessRecord(rec, manifest.input);
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      preprocessRecord(rec, manifest.input);
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    const med = times[20] as number;
    rows.push(`| ${fs} Hz, ${secs} s, 12 leads | ${fmt(med, 2)} | ${fmt((cpu.user + cpu.system) / 1000 / 40, 2)} | ${fmt(1000 / med, 0)} |`);
  }
  return rows.join('\n');
}

/**
 * ECGs/s per batch size for onnxruntime and PyTorch, interleaved: for each batch size, `rounds` times an
 * onnxruntime run of `iters` (time-bounded by minS) then the same work in PyTorch, so both see the same load.
 */
async function timeBoth(
  engine: InferenceEngine,
  torch: TorchServer | undefined,
  inputs: Float32Array,
  per: number,
  opts: { minS: number; maxIters: number; rounds: number; warmAll: boolean },
): Promise<{ ort: Record<number, number>; torch: Record<number, number>; last?: EngineOutputs }> {
  const ort: Record<number, number> = {};
  const pt: Record<number, number> = {};
  let last: EngineOutputs | undefined;
  for (const [i, b] of BATCHES.entries()) {
    const x = inputs.subarray(0, b * per);
    if (opts.warmAll || i === 0) {
      await engine.run(x, b);
      await torch?.ask(`time ${b} 1`);
    }
    let ortN = 0;
    let ortS = 0;
    let ptN = 0;
    let ptS = 0;
    for (let r = 0; r < opts.rounds; r++) {
      let iters = 0;
      const t0 = performance.now();
      while (iters < opts.maxIters && (iters === 0 || performance.now() - t0 < opts.minS * 1000)) {
        last = await engine.run(x, b);
        iters++;
      }
      ortS += (performance.now() - t0) / 1000;
      ortN += iters * b;
      if (torch) {
        const t = await torch.ask<{ seconds: number }>(`time ${b} ${iters}`);
        ptS += t.seconds;
        ptN += iters * b;
      }
    }
    ort[b] = ortN / ortS;
    if (torch) pt[b] = ptN / ptS;
  }
  return { ort, torch: pt, last };
}

async function section(title: string, packDir: string, checkpoint: string | undefined, minS: number, maxIters: number, parity: boolean): Promise<string> {
  const manifest = await readManifest(packDir);
  const per = 12 * 1000;
  const n = Math.max(...BATCHES);
  const inputs = new Float32Array(n * per);
  for (let i = 0; i < n; i++) inputs.set(preprocessRecord(synthRecord(500, 10, i), manifest.input).data, i * per);
  const inputsPath = join(tmp, `${manifest.id}.inputs.f32.bin`);
  writeFileSync(inputsPath, inputs);
  const spec = { modelPath: join(packDir, 'model.onnx'), inputName: manifest.input.name, inputDims: [12, 1000], outputs: manifest.outputs };
  const t0 = performance.now();
  const engine = await createOrtEngineInThread(spec, { executionProvider: 'cpu' });
  const loadS = (performance.now() - t0) / 1000;
  // PyTorch runs the same network: the checkpoint the pack was exported from, or the manifest's architecture.
  const source = checkpoint ? ['--checkpoint', checkpoint] : ['--architecture', JSON.stringify(manifest.architecture)];
  const server = await TorchServer.start(source, inputsPath);
  const torch = typeof server === 'string' ? undefined : server;
  const timing = await timeBoth(engine, torch, inputs, per, parity ? { minS, maxIters, rounds: 1, warmAll: false } : { minS, maxIters, rounds: 3, warmAll: true });
  const ort = timing.ort;
  let parityLine = '';
  if (parity && torch) {
    const outPath = join(tmp, `${manifest.id}.torch-out.f32.bin`);
    await torch.ask(`out ${n} ${outPath}`);
    const b = readFileSync(outPath);
    const both = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    const d = manifest.outputs.mean.dims[0] as number;
    const ours = timing.last ?? (await engine.run(inputs.subarray(0, n * per), n));
    let em = 0;
    let el = 0;
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < d; k++) {
        em = Math.max(em, Math.abs((ours.mean[r * d + k] as number) - (both[r * 2 * d + k] as number)));
        el = Math.max(el, Math.abs((ours.logvar[r * d + k] as number) - (both[(r * 2 + 1) * d + k] as number)));
      }
    }
    parityLine = `\nParity onnxruntime-node vs PyTorch on the ${n} bench inputs: max |d mean| ${em.toExponential(2)}, max |d logvar| ${el.toExponential(2)}.`;
  }
  const torchRss = torch ? (await torch.ask<{ peakRssMiB: number }>('rss')).peakRssMiB : undefined;
  const sameNet = torch?.parameters === manifest.architecture.parameters;
  torch?.stop();
  let gpu: Record<number, number> | undefined;
  let gpuName = '';
  if (process.env.BENCH_GPU === '1') {
    const g = await createOrtEngineInThread(spec, { executionProvider: 'auto' }).catch(() => undefined);
    if (g && g.executionProvider !== 'cpu') {
      gpuName = g.executionProvider;
      gpu = (await timeBoth(g, undefined, inputs, per, { minS, maxIters: maxIters * 3, rounds: 1, warmAll: true })).ort;
    }
    await g?.dispose();
  }
  await engine.dispose();
  const rows = [
    `### ${title}`,
    '',
    `${manifest.architecture.parameters.toLocaleString('en')} parameters (PyTorch network: ${torch ? `${torch.parameters?.toLocaleString('en')}${sameNet ? ', same' : ', DIFFERENT'}` : 'n/a'}${checkpoint ? ', exported checkpoint' : ', manifest architecture, random weights'}); session load + warm-up ${fmt(loadS, 2)} s; CPU threads: onnxruntime all cores (intraOpNumThreads = availableParallelism), PyTorch all cores; runs interleaved (${parity ? '1 round, 1 run per batch size' : '3 rounds'}).`,
    '',
    `| batch | onnxruntime-node CPU (ECGs/s) | PyTorch eager CPU (ECGs/s) | ratio ORT / PyTorch |${gpu ? ` onnxruntime-node ${gpuName} (ECGs/s) |` : ''}`,
    `| ---: | ---: | ---: | ---: |${gpu ? ' ---: |' : ''}`,
  ];
  for (const b of BATCHES) {
    const p = timing.torch[b];
    rows.push(`| ${b} | ${fmt(ort[b])} | ${fmt(p)} | ${p ? fmt((ort[b] as number) / p, 2) : 'n/a'} |${gpu ? ` ${fmt(gpu[b])} |` : ''}`);
  }
  if (typeof server === 'string') rows.push('', `PyTorch: ${server}.`);
  else rows.push('', `Peak RSS: Node process ${fmt(rssMiB(), 0)} MiB so far; PyTorch process ${fmt(torchRss, 0)} MiB.`);
  return rows.join('\n') + parityLine;
}

/**
 * The app's path (built worker: preprocessing in the pool, network and post-processing in the model host
 * thread): how long the calling thread is blocked per prediction, as the max event-loop gap.
 */
async function callingThreadBench(packDir: string): Promise<string> {
  const worker = join(ROOT, 'out/main/preprocess-worker.js');
  if (!existsSync(worker)) return 'Calling-thread blocking: out/main/preprocess-worker.js missing (run `npx electron-vite build`).';
  setWorkerScript(worker);
  const model = await loadModel(packDir, { executionProvider: 'cpu' });
  setWorkerScript(undefined);
  const recs = Array.from({ length: 8 }, (_, i) => synthRecord(500, 10, i));
  await model.predictBatch(recs);
  const rows = ['| call (reference pack, built worker) | runs | max event-loop gap, median (ms) | max event-loop gap, worst (ms) | wall ms per call (median) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const [label, work, runs] of [
    ['predict (1 ECG)', () => model.predict(recs[0] as EcgRecord), 15],
    ['predictBatch (8 ECGs)', () => model.predictBatch(recs), 5],
  ] as const) {
    const t: { gapMs: number; ms: number }[] = [];
    for (let i = 0; i < runs; i++) t.push(await maxEventLoopGap<unknown>(work));
    const med = (k: 'gapMs' | 'ms'): number => t.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
    rows.push(`| ${label} | ${runs} | ${fmt(med('gapMs'))} | ${fmt(Math.max(...t.map((x) => x.gapMs)))} | ${fmt(med('ms'), 0)} |`);
  }
  await model.dispose();
  const header = '### Calling thread while predicting (5 ms timer; on a shared machine scheduling alone adds gaps of tens of ms)';
  return `${header}\n\n${rows.join('\n')}`;
}

async function main(): Promise<void> {
  const refDir = join(ROOT, 'models/reference');
  const ref = await readManifest(refDir);
  // Timings on a shared machine are only comparable with its load: print it.
  process.stdout.write(`Machine: ${availableParallelism()} CPUs, load average ${loadavg().map((v) => v.toFixed(1)).join(' / ')} (1/5/15 min) at start.\n\n`);
  process.stdout.write(`### Preprocessing (band-pass + resample + crop + scale, TypeScript, one thread)\n\n${preprocessBench(ref)}\n\n`);
  process.stdout.write(`${await section('Reference pack (models/reference), CPU', refDir, undefined, 0.5, 10, false)}\n\n`);
  process.stdout.write(`${await callingThreadBench(refDir)}\n\n`);
  process.stdout.write(`${await headKernelsBench(refDir, join(ROOT, 'tests/fixtures/model'))}\n\n`);
  if (process.env.BENCH_FULL !== '0') {
    const full = ensureFullPack();
    if (full) process.stdout.write(`${await section('Full-size EchoingECG-101, random weights (models/local), CPU', full, join(LOCAL, 'random-full.pt'), 0, 2, true)}\n\n`);
    else process.stdout.write('Full-size pack could not be generated (needs /usr/bin/python3 with torch).\n\n');
  }
  process.stdout.write(`Peak RSS of the Node process: ${fmt(rssMiB(), 0)} MiB. Load average at the end: ${loadavg().map((v) => v.toFixed(1)).join(' / ')}.\n`);
}

void main();
