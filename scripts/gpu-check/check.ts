/**
 * The GPU check's measuring part (bundled by scripts/make-gpu-bundle.mjs into the kit that scripts/gpu-check.sh
 * runs on a GPU machine): for each pack and each execution provider (cpu, cuda, webgpu), ECGs/s at each batch
 * size, the process's GPU memory, and parity against the CPU (cosine of the means, largest log-variance
 * difference, identical calls through the app's own post-processing); then PyTorch's timing (a JSON file from
 * models/tools/bench/torch_bench.py) and the ratio, and the fraction of the card's TF32 limit.
 *
 *   node gpu-check.cjs --pack NAME=DIR [--pack ...] [--gflop NAME=27.8] [--torch NAME=torch.json]
 *       [--batches 1,8,32,64,128] [--budget-s 420] [--cpu-only]
 * Prints markdown; exits 0 when it ran to the end (a skipped provider is a row, not a failure).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createOrtEngineInThread } from '../../src-main/core/model/engine/ort-engine';
import { knownUnavailable, realHost } from '../../src-main/core/model/engine/providers';
import type { InferenceEngine } from '../../src-main/core/model/engine/types';
import { type PackData, loadPackData } from '../../src-main/core/model/pack/load';
import { Predictor } from '../../src-main/core/model/predictor';
import { rowCosines } from '../../src-main/core/model/results/gaussian';
import type { ExecutionProviderChoice, PredictionResult } from '../../src-main/core/model/types';
import { cardPeakTf32, parseArgs, type CheckArgs } from './args';

const PROVIDERS: ExecutionProviderChoice[] = ['cpu', 'cuda', 'webgpu'];
const PARITY_ROWS = 32;
const started = Date.now();
const f = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

/** Standardised ECG-like inputs (deterministic): the same for every provider. */
function inputs(n: number, per: number, samples: number): Float32Array {
  const x = new Float32Array(n * per);
  let s = 12345;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const t = (i % samples) / 100;
    const row = Math.floor(i / per);
    x[i] = Math.exp(-((((((t * (1 + row * 0.01)) % 0.8) - 0.3) / 0.03) ** 2))) * 3 + Math.sin(t * 2.1 + row) * 0.3 + ((s / 2 ** 32) - 0.5) * 0.3;
  }
  return x;
}

/** This process's GPU memory (MiB) as the driver reports it, or undefined without nvidia-smi. */
function gpuMemoryMiB(): number | undefined {
  try {
    const out = execFileSync('nvidia-smi', ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], { encoding: 'utf8', timeout: 5000 });
    const mine = out.split('\n').map((l) => l.split(',').map((x) => x.trim())).find(([pid]) => Number(pid) === process.pid);
    return mine ? Number(mine[1]) : 0;
  } catch {
    return undefined;
  }
}

function gpuName(): string | undefined {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 }).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

interface Parity {
  minCos: number;
  maxLogvar: number;
  calls: string;
}

function parity(ref: { mean: Float32Array; logvar: Float32Array; results: PredictionResult[] }, got: { mean: Float32Array; logvar: Float32Array; results: PredictionResult[] }, d: number): Parity {
  const minCos = Math.min(...rowCosines(ref.mean, got.mean, d));
  let maxLogvar = 0;
  for (let i = 0; i < ref.logvar.length; i++) maxLogvar = Math.max(maxLogvar, Math.abs((ref.logvar[i] as number) - (got.logvar[i] as number)));
  const a = ref.results.flatMap((r) => r.predictions.map((p) => p.call));
  const b = got.results.flatMap((r) => r.predictions.map((p) => p.call));
  const same = a.filter((c, i) => c === b[i]).length;
  return { minCos, maxLogvar, calls: a.length === 0 ? 'no heads' : `${same}/${a.length}` };
}

/** Network outputs and full predictions (the app's post-processing, heads' product on the CPU) for the parity rows. */
async function predictRows(data: PackData, engine: InferenceEngine, x: Float32Array, n: number) {
  const host = new Predictor(data, engine, 64);
  const out = await engine.run(x, n);
  const windows = Array.from({ length: n }, () => ({ startS: 0, durationS: 10, paddedS: 0 }));
  // One outcome per row (issue 11): a row the boundary checks refuse is a failed check, not a result.
  const outcomes = await host.predictInputs(x, windows, { topK: 5, abstainPercentile: data.manifest.uncertainty.abstainPercentile });
  const results = outcomes.map((o) => {
    if (!o.ok) throw new Error(`${o.error.code}: ${o.error.message}`);
    return o.result;
  });
  return { mean: out.mean, logvar: out.logvar, results };
}

async function timeBatch(engine: InferenceEngine, x: Float32Array, b: number, per: number, gpu: boolean): Promise<number> {
  const xb = x.subarray(0, b * per);
  await engine.run(xb, b); // first run of a shape: kernel selection, shader compilation
  let iters = 0;
  const t0 = performance.now();
  const minMs = gpu ? 1500 : 800;
  while (iters < (gpu ? 200 : 20) && (iters < 2 || performance.now() - t0 < minMs)) {
    await engine.run(xb, b);
    iters += 1;
  }
  return (iters * b) / ((performance.now() - t0) / 1000);
}

async function checkPack(name: string, dir: string, a: CheckArgs, best: Map<string, number>): Promise<string[]> {
  const data = await loadPackData(dir);
  const m = data.manifest;
  const per = m.input.leads.length * m.input.samples;
  const d = m.outputs.mean.dims[0] as number;
  const n = Math.max(...a.batches, PARITY_ROWS);
  const x = inputs(n, per, m.input.samples);
  const spec = { modelPath: `${dir}/model.onnx`, inputName: m.input.name, inputDims: [m.input.leads.length, m.input.samples], outputs: m.outputs };
  const rows: string[] = [];
  let reference: Awaited<ReturnType<typeof predictRows>> | undefined;
  for (const provider of PROVIDERS) {
    const known = provider === 'cpu' ? undefined : knownUnavailable(provider);
    if (a.cpuOnly && provider !== 'cpu') {
      rows.push(`| ${name} | ${provider} | all | skipped: ${known ?? 'not tried (--cpu-only)'} | | | | |`);
      continue;
    }
    let engine: InferenceEngine;
    try {
      engine = await createOrtEngineInThread(spec, { executionProvider: provider, threads: availableParallelism() });
    } catch (e) {
      rows.push(`| ${name} | ${provider} | all | skipped: ${(e as Error).message.replace(/\|/g, '/')} | | | | |`);
      continue;
    }
    try {
      const rowsP = await predictRows(data, engine, x.subarray(0, PARITY_ROWS * per), PARITY_ROWS);
      if (provider === 'cpu') reference = rowsP;
      const p = reference ? parity(reference, rowsP, d) : undefined;
      const gpu = provider !== 'cpu';
      for (const b of a.batches) {
        const left = a.budgetS - (Date.now() - started) / 1000;
        if (left < 15) {
          rows.push(`| ${name} | ${provider} | ${b} | skipped: time budget (${a.budgetS} s) spent | | | | |`);
          continue;
        }
        // The CPU is the parity reference, not the subject: its large batches only cost time on a GPU machine.
        if (!gpu && b > 32 && !a.cpuOnly) continue;
        const rate = await timeBatch(engine, x, b, per, gpu);
        best.set(`${name}|${provider}`, Math.max(best.get(`${name}|${provider}`) ?? 0, rate));
        const mem = gpu ? gpuMemoryMiB() : undefined;
        rows.push(`| ${name} | ${provider} | ${b} | ${f(rate)} | ${mem === undefined ? 'n/a' : mem} | ${p ? p.minCos.toFixed(6) : 'n/a'} | ${p ? p.maxLogvar.toExponential(2) : 'n/a'} | ${p ? p.calls : 'n/a'} |`);
      }
    } finally {
      await engine.dispose();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const card = gpuName();
  const lines = [
    `GPU: ${card ?? 'none found (nvidia-smi absent)'}; onnxruntime-node ${realHost().ortVersion ?? '?'}; Node ${process.version}; ${availableParallelism()} CPU threads; batches ${a.batches.join(', ')}; budget ${a.budgetS} s.`,
    '',
    '| pack | provider | batch | ECGs/s | GPU MiB (process) | min cos of means vs CPU | max logvar diff vs CPU | identical calls vs CPU |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const best = new Map<string, number>();
  for (const [name, dir] of a.packs) lines.push(...(await checkPack(name, dir, a, best)));
  lines.push('');
  const peak = cardPeakTf32(card);
  for (const [name] of a.packs) {
    const torch = a.torch.get(name);
    const ortBest = Math.max(best.get(`${name}|cuda`) ?? 0, best.get(`${name}|webgpu`) ?? 0);
    const gflop = a.gflop.get(name);
    const torchBest = torch ? Math.max(...Object.values(torch.batches).map((v) => v.ecgPerS)) : undefined;
    const parts = [`**${name}**: best GPU ${ortBest > 0 ? `${f(ortBest)} ECGs/s` : 'n/a (no GPU provider ran)'}`];
    parts.push(torch ? `PyTorch ${torch.device} float32 eager best ${f(torchBest)} ECGs/s (${Object.entries(torch.batches).map(([b, v]) => `b${b} ${f(v.ecgPerS)}`).join(', ')}), ratio ORT / PyTorch ${ortBest > 0 && torchBest ? f(ortBest / torchBest, 2) : 'n/a'}` : 'PyTorch: not run');
    if (gflop) parts.push(peak ? `fraction of the card's TF32 limit (${f(peak.tflops, 0)} TFLOPS, ${f((peak.tflops * 1e12) / (gflop * 1e9), 0)} ECGs/s at ${gflop} GFLOP per ECG): ${ortBest > 0 ? `${f((100 * ortBest * gflop * 1e9) / (peak.tflops * 1e12))} %` : 'n/a'}` : 'TF32 limit: unknown card');
    lines.push(`${parts.join('; ')}.`);
  }
  lines.push('', `Check finished in ${f((Date.now() - started) / 1000, 0)} s.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`gpu-check failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
