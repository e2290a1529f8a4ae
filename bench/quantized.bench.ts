/**
 * The int8 pack against its float base on this CPU: EchoingECG-101 (random weights, models/local) at batch 8,
 * 16 and 32, onnxruntime-node CPU float32 and int8 (QDQ, fused to QLinearConv: VNNI where the CPU has it) and
 * PyTorch eager float32 on the same checkpoint, interleaved in one run (fair under a fluctuating load); target
 * int8 >= 2x float. Then the agreement the export recorded, and the same for the reference pack (small: int8
 * there is about overheads, not arithmetic).
 * Makes models/local/echoingecg-101-random(-int8) on first use (the int8 export takes minutes).
 * BENCH_QUANT_FULL=0 skips the full-size part. Run: `node scripts/bench.mjs quantized`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtEngineInThread } from '../src-main/core/model/engine/ort-engine';
import type { InferenceEngine } from '../src-main/core/model/engine/types';
import { readManifest } from '../src-main/core/model/pack/load';
import type { PackManifest } from '../src-main/core/model/pack/manifest';
import { rowCosines } from '../src-main/core/model/results/gaussian';
import { LOCAL, ensureFullPack, ensureInt8Pack } from './full-pack';
import { TorchServer } from './torch-server';

const ROOT = join(__dirname, '..');
const BATCHES = [8, 16, 32];
const PER = 12 * 1000;
const tmp = mkdtempSync(join(tmpdir(), 'quant-bench-'));
const f = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

function inputs(n: number, seed: number): Float32Array {
  // Standardised ECG-like inputs (what the scaler gives): timing does not depend on the values, parity does a little.
  const x = new Float32Array(n * PER);
  let s = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const t = i % 1000;
    x[i] = Math.sin((t / 100) * 2 * Math.PI * 1.2 + (i / 1000) * 0.7) * 0.8 + ((s / 2 ** 32) - 0.5) * 0.4;
  }
  return x;
}

async function engine(pack: string, m: PackManifest): Promise<InferenceEngine> {
  const spec = { modelPath: join(pack, 'model.onnx'), inputName: m.input.name, inputDims: [12, 1000], outputs: m.outputs };
  return createOrtEngineInThread(spec, { executionProvider: 'cpu', threads: availableParallelism() });
}

function cosStats(a: Float32Array, b: Float32Array, d: number): { mean: number; min: number } {
  const c = rowCosines(a, b, d);
  return { mean: c.reduce((s, v) => s + v, 0) / c.length, min: Math.min(...c) };
}

async function section(title: string, base: string, int8: string, checkpoint: string | undefined, iters: number, rounds: number): Promise<string> {
  const [mf, mq] = [await readManifest(base), await readManifest(int8)];
  const n = Math.max(...BATCHES);
  const x = inputs(n, 7);
  const inputsPath = join(tmp, `${mf.id}.f32.bin`);
  writeFileSync(inputsPath, x);
  const [ef, eq] = [await engine(base, mf), await engine(int8, mq)];
  const server = await TorchServer.start(checkpoint ? ['--checkpoint', checkpoint] : ['--architecture', JSON.stringify(mf.architecture)], inputsPath);
  const torch = typeof server === 'string' ? undefined : server;
  const acc: Record<number, { f: [number, number]; q: [number, number]; t: [number, number] }> = {};
  for (const b of BATCHES) acc[b] = { f: [0, 0], q: [0, 0], t: [0, 0] };
  const xb = (b: number) => x.subarray(0, b * PER);
  for (const b of BATCHES) {
    await ef.run(xb(b), b);
    await eq.run(xb(b), b);
  }
  for (let round = 0; round < rounds; round++) {
    for (const b of BATCHES) {
      const a = acc[b] as (typeof acc)[number];
      for (const [key, e] of [['f', ef], ['q', eq]] as const) {
        const t0 = performance.now();
        for (let i = 0; i < iters; i++) await e.run(xb(b), b);
        a[key][0] += (performance.now() - t0) / 1000;
        a[key][1] += iters * b;
      }
      if (torch) {
        const t = await torch.ask<{ seconds: number }>(`time ${b} ${iters}`);
        a.t[0] += t.seconds;
        a.t[1] += iters * b;
      }
    }
  }
  const of = await ef.run(xb(n), n);
  const oq = await eq.run(xb(n), n);
  const parity = cosStats(of.mean, oq.mean, mf.outputs.mean.dims[0] as number);
  let dl = 0;
  for (let i = 0; i < of.logvar.length; i++) dl = Math.max(dl, Math.abs((of.logvar[i] as number) - (oq.logvar[i] as number)));
  torch?.stop();
  await ef.dispose();
  await eq.dispose();
  const rows = [
    `### ${title}`,
    '',
    `${mf.architecture.parameters.toLocaleString('en')} parameters; onnxruntime-node ${cpus().length} threads (CPU: ${cpus()[0]?.model ?? '?'}); PyTorch ${torch ? 'eager float32, same weights' : `n/a (${String(server)})`}; ${rounds} interleaved rounds of ${iters} runs per batch size; load average ${f(loadavg()[0])} at the end.`,
    '',
    '| batch | ORT float32 (ECGs/s) | ORT int8 (ECGs/s) | int8 / float32 | PyTorch float32 (ECGs/s) | int8 / PyTorch | target int8 >= 2x float32 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const b of BATCHES) {
    const a = acc[b] as (typeof acc)[number];
    const [rf, rq, rt] = [a.f[1] / a.f[0], a.q[1] / a.q[0], a.t[0] > 0 ? a.t[1] / a.t[0] : undefined];
    rows.push(`| ${b} | ${f(rf)} | ${f(rq)} | ${f(rq / rf, 2)}x | ${f(rt)} | ${rt ? `${f(rq / rt, 2)}x` : 'n/a'} | ${rq / rf >= 2 ? 'met' : 'NOT met'} |`);
  }
  const ag = mq.quantization?.agreement;
  rows.push(
    '',
    `onnxruntime int8 vs float32 on these ${n} inputs: cosine of means mean ${parity.mean.toFixed(6)} (min ${parity.min.toFixed(6)}), max |d logvar| ${dl.toExponential(2)}.`,
    ag
      ? `Agreement the export recorded (${ag.set}): mean cosine ${ag.meanCosine.toFixed(6)} (min ${ag.minCosine.toFixed(6)}), max logvar diff ${ag.maxLogvarDiff.toFixed(4)}, identical calls ${Object.entries(ag.identicalCalls).map(([h, v]) => `${h} ${(100 * v).toFixed(1)} %`).join(', ') || 'n/a (no heads)'}, uncertainty level ${(100 * ag.uncertaintyLevelAgreement).toFixed(1)} %${ag.retrievalTop5Overlap !== undefined ? `, retrieval top-5 overlap ${(100 * ag.retrievalTop5Overlap).toFixed(1)} %` : ''}; equivalent: ${mq.quantization?.equivalent ? 'yes' : 'NO'}.`
      : '',
  );
  return rows.join('\n');
}

async function main(): Promise<void> {
  try {
    const ref = join(ROOT, 'models/reference');
    const refInt8 = ensureInt8Pack(ref.replace('models/reference', 'models/local/reference'), ref);
    if (refInt8) process.stdout.write(`${await section('Reference pack (simulated training, 0.27 M parameters)', ref, refInt8, undefined, 20, 2)}\n\n`);
    if (process.env.BENCH_QUANT_FULL !== '0') {
      const full = ensureFullPack();
      const int8 = full && ensureInt8Pack(full);
      if (!full || !int8) process.stdout.write('Full-size pack: could not be made (needs /usr/bin/python3 with torch, onnx, scipy).\n');
      else process.stdout.write(`${await section('EchoingECG-101, random weights (models/local), CPU', full, int8, join(LOCAL, 'random-full.pt'), 2, 2)}\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
