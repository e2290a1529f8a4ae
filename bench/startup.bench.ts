/**
 * Start-up of what a workstation runs, from the built app (out/): the web host until it prints its address and
 * until the page (index.html) is served; the `echoing-ecg` CLI answering --version, run as `npx echoing-ecg`
 * would (bin/echoing-ecg.cjs) and, as the reference it must not trail, plain `node -e 0`; and the
 * packaging test's electron-builder `--linux dir` run with a stand-in Electron (offline).
 * BENCH_STARTUP_RUNS (default 7): runs per row; the table shows the median and the range.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const work = mkdtempSync(join(tmpdir(), 'echoing-bench-startup-'));
const env = { ...process.env, ECHOING_ECG_DATA_DIR: join(work, 'data'), ECHOING_ECG_LOG_DIR: join(work, 'logs'), ORT_DISABLE_TELEMETRY: '1' };

/** Milliseconds until the web host prints its address, and until the page it names is served. */
async function webHostOnce(): Promise<[number, number]> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web-host.js'), '--no-open'], { cwd: work, env });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`web host exited: ${out}`)));
    });
    const listening = performance.now() - started;
    const first = await fetch(url, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    if (page.status !== 200) throw new Error(`page answered ${page.status}`);
    await page.text();
    return [listening, performance.now() - started];
  } finally {
    child.kill('SIGTERM');
  }
}

function timed(command: string, args: string[], cwd = ROOT): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const row = (name: string, xs: number[], note = '') =>
  `| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} | ${note} |`;

async function main(): Promise<void> {
  const listening: number[] = [];
  const served: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [a, b] = await webHostOnce();
    listening.push(a);
    served.push(b);
  }
  const node: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(timed(process.execPath, ['-e', '0']));
    cli.push(timed(process.execPath, [join(ROOT, 'bin/echoing-ecg.cjs'), '--version']));
  }
  const standIn = join(work, 'electron-dist');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\n# ECHOING_ECG_STAND_IN_ELECTRON\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  const pack: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const out = join(work, `dist-${i}`);
    pack.push(
      timed(process.execPath, [
        join(ROOT, 'node_modules/electron-builder/cli.js'), '--config', 'build/electron-builder.config.mjs', '--linux', 'dir',
        `-c.electronDist=${standIn}`, `-c.directories.output=${out}`,
      ]),
    );
    rmSync(out, { recursive: true, force: true });
  }
  const cliRatio = median(cli) / median(node);
  process.stdout.write(
    [
      `Machine: ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)} at start; ${RUNS} runs per row (packaging: ${pack.length}).`,
      '',
      '| what | median ms | range ms | note |',
      '| --- | ---: | ---: | --- |',
      row('web host: address printed', listening),
      row('web host: page served', served, 'token exchange + index.html'),
      row('node -e 0 (reference)', node),
      row('echoing-ecg --version', cli, `${cliRatio.toFixed(1)}x plain node`),
      row('electron-builder --linux dir (stand-in Electron)', pack, 'the packaging test\u2019s build'),
      '',
    ].join('\n'),
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
