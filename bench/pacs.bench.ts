/**
 * PACS retrieve bench: 200 ECG instances (12-lead and hemodynamic DICOM fixtures with their own UIDs) in a
 * local Orthanc (Debian's, started here on free ports), retrieved into an empty cache by C-GET, C-MOVE
 * (to our storage SCP) and WADO-RS; instances/s, MB/s and the process's peak RSS for each, against dcmtk's
 * `getscu` retrieving the same study in the same run. Each is run BENCH_PACS_RUNS times (default 2), the
 * best kept: the machine is shared. Prints a markdown table.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { InstanceCache } from '../src-main/core/pacs/cache';
import type { PacsConnection } from '../src-main/core/pacs/connection';
import { dicomwebConnection } from '../src-main/core/pacs/dicomweb/connection';
import { dimseConnection } from '../src-main/core/pacs/dimse/connection';
import { runRetrieve } from '../src-main/core/pacs/retrieve';
import type { DimseNode, RetrieveMethod } from '../src-main/core/pacs/types';
import { freePort, startOrthanc } from '../tests/helpers/orthanc';
import { bigStudy, uid } from '../tests/helpers/pacs-fixtures';

const run = promisify(execFile);
const N = Number(process.env.BENCH_PACS_INSTANCES ?? 200);
const RUNS = Number(process.env.BENCH_PACS_RUNS ?? 2);
const STUDY = uid(42, 1);

interface Row {
  client: string;
  seconds: number;
  bytes: number;
  peakRssMb: number;
}

async function timed(work: () => Promise<number>): Promise<{ seconds: number; bytes: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const bytes = await work();
    return { seconds: (performance.now() - t0) / 1000, bytes, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1048576 };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const movePort = await freePort();
  const orthanc = await startOrthanc({ modalities: { app: ['ECHOING', '127.0.0.1', movePort], dcmtk: ['DCMTK', '127.0.0.1', 4242] } });
  const scratch = await mkdtemp(join(tmpdir(), 'echoing-pacs-bench-'));
  try {
    let total = 0;
    for (const f of bigStudy(STUDY, N)) {
      await orthanc.upload(f.bytes);
      total += f.bytes.length;
    }
    const node: DimseNode = {
      id: 'b', name: 'bench', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort, callingAe: 'ECHOING',
      retrieveMethod: 'get', movePort, moveListenHost: '127.0.0.1', connectTimeoutS: 10, timeoutS: 60,
    };
    const connections: [string, RetrieveMethod, () => PacsConnection & { close?: () => Promise<void> }][] = [
      ['C-GET (dcmjs-dimse)', 'get', () => dimseConnection(node)],
      ['C-MOVE (dcmjs-dimse + our SCP)', 'move', () => dimseConnection({ ...node, retrieveMethod: 'move' })],
      ['WADO-RS (undici + meros)', 'wado', () => dicomwebConnection({ id: 'w', name: 'w', protocol: 'dicomweb', baseUrl: orthanc.dicomWeb, auth: 'none', timeoutS: 60 }, undefined)],
    ];
    const rows: Row[] = [];
    for (const [label, method, connect] of connections) {
      let best: Row | undefined;
      for (let k = 0; k < RUNS; k += 1) {
        const dir = join(scratch, `${method}-${k}`);
        const c = connect();
        const r = await timed(async () => {
          const out = await runRetrieve(c, new InstanceCache(dir), { jobId: 'bench', nodeId: 'b', method, studies: [{ studyUid: STUDY }] });
          if (out.progress.state !== 'done' || out.progress.retrieved !== N) throw new Error(`${label}: ${JSON.stringify(out.progress).slice(0, 300)}`);
          return out.progress.bytes;
        });
        await c.close?.();
        await rm(dir, { recursive: true, force: true });
        if (!best || r.seconds < best.seconds) best = { client: label, ...r };
      }
      rows.push(best as Row);
    }
    let dcmtk: Row | undefined;
    for (let k = 0; k < RUNS; k += 1) {
      const dir = await mkdtemp(join(scratch, 'getscu-'));
      const r = await timed(async () => {
        await run('getscu', ['-aet', 'DCMTK', '-aec', orthanc.aet, '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${STUDY}`, '-od', dir, '127.0.0.1', String(orthanc.dicomPort)]);
        const { stdout } = await run('sh', ['-c', `ls -1 '${dir}' | wc -l`]);
        if (Number(stdout.trim()) !== N) throw new Error(`getscu wrote ${stdout.trim()} files, not ${N}`);
        return total;
      });
      await rm(dir, { recursive: true, force: true });
      if (!dcmtk || r.seconds < dcmtk.seconds) dcmtk = { client: 'dcmtk getscu 3.6.7 (reference)', ...r, peakRssMb: NaN };
    }
    rows.push(dcmtk as Row);
    const ref = (dcmtk as Row).seconds;
    const lines = [
      `${N} ECG instances (${(total / 1048576).toFixed(1)} MB) from a local Orthanc ${'1.10'}, empty cache each run, best of ${RUNS}; ` +
        `2-core shared machine. Peak RSS is this Node process (Orthanc and getscu are separate processes).`,
      '',
      '| client | seconds | instances/s | MB/s | peak RSS (MB) | time vs getscu |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) =>
        `| ${r.client} | ${r.seconds.toFixed(2)} | ${(N / r.seconds).toFixed(1)} | ${(r.bytes / 1048576 / r.seconds).toFixed(1)} | ${Number.isNaN(r.peakRssMb) ? '-' : r.peakRssMb.toFixed(0)} | ${(r.seconds / ref).toFixed(2)}x |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await orthanc.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
