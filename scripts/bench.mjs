#!/usr/bin/env node
// `node scripts/bench.mjs [filter]`: runs every bench/*.bench.ts one after the other with tsx (never in
// parallel: benches measure time on a shared machine), forwarding their markdown tables to stdout.
// Exits non-zero when any bench fails; the others still run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const filter = process.argv[2];
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const benches = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
      .sort()
  : [];
if (benches.length === 0) {
  process.stdout.write('No benchmarks found under bench/.\n');
  process.exit(0);
}

const failed = [];
for (const file of benches) {
  process.stdout.write(`\n## ${file.replace(/\.bench\.ts$/, '')}\n\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [tsx, join(benchDir, file)], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    failed.push(file);
    process.stdout.write(`\n_${file} FAILED (exit ${run.status ?? run.signal}) after ${seconds} s_\n`);
  } else process.stdout.write(`\n_${file}: ${seconds} s_\n`);
}
if (failed.length > 0) {
  process.stderr.write(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
