/**
 * Archive scoring in shards: one cohort scored as 1, 2 and 4 shards running at once (separate processes, as
 * separate machines would, each `cohort score --shard K/N` into its own database), then `cohort merge`.
 * On this machine the shards share its cores, so expect no gain beyond the core count: the point is the
 * per-shard rate, the per-shard overhead (every shard hashes every file to find its part) and the merge cost,
 * from which the table projects N machines.
 *
 * BENCH_SHARDS_N (default 400): cohort size (DICOM copies of the fixtures).
 * BENCH_SHARDS_PACK (default models/reference): the pack, e.g. models/local/echoingecg-101-random for the full
 * network (then use a small N: about 5 ECGs/s on two cores). BENCH_SHARDS_THREADS (default 1): --threads.
 * Run: `node scripts/bench.mjs shards`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeVariedCohort } from '../tests/integration/core/cohort/cohort-fixtures';
import { hashFile, sourcePaths } from '../src-main/core/cohort/file-source';

const ROOT = join(__dirname, '..');
const N = Number(process.env.BENCH_SHARDS_N ?? 400);
const PACK = process.env.BENCH_SHARDS_PACK ?? join(ROOT, 'models/reference');
const THREADS = process.env.BENCH_SHARDS_THREADS ?? '1';
const BUILT = join(ROOT, 'out/main/cli.js');
const cliArgs = existsSync(BUILT) ? [BUILT] : ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts')];

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [...cliArgs, ...args], { cwd: ROOT, env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' } });
    let out = '';
    let err = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr.on('data', (b: Buffer) => (err += b.toString()));
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'shards-bench-'));
  try {
    const folder = join(root, 'ecgs');
    writeVariedCohort(folder, N);
    const manifest = JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8')) as { id: string; architecture: { parameters: number } };
    // What every shard pays for the whole archive: walking and hashing all files (to find its own part).
    const h0 = performance.now();
    let files = 0;
    for await (const p of sourcePaths({ kind: 'folder', path: folder })) {
      await hashFile(p);
      files += 1;
    }
    const hashMsPerFile = (performance.now() - h0) / files;

    const rows: string[] = [];
    let perShard1 = 0;
    let mergePer10k = 0;
    for (const shards of [1, 2, 4]) {
      const t0 = performance.now();
      const runs = await Promise.all(
        Array.from({ length: shards }, (_, k) =>
          run(['cohort', 'score', folder, '--db', join(root, `s${shards}.db`), '--shard', `${k + 1}/${shards}`, '--model', PACK, '--ep', 'cpu', '--threads', THREADS]),
        ),
      );
      const wall = (performance.now() - t0) / 1000;
      const failed = runs.find((r) => r.code !== 0);
      if (failed) throw new Error(`a shard failed: ${failed.err}`);
      const scored = runs.reduce((n, r) => n + Number(/scored (\d+)/.exec(r.out)?.[1] ?? 0), 0);
      const m0 = performance.now();
      const dbs = Array.from({ length: shards }, (_, k) => join(root, `s${shards}.shard-${k + 1}-of-${shards}.db`));
      const merge = await run(['cohort', 'merge', '--db', join(root, `merged-${shards}.db`), ...dbs]);
      const mergeS = (performance.now() - m0) / 1000;
      if (merge.code !== 0) throw new Error(`merge failed: ${merge.err}${merge.out}`);
      const rate = scored / wall;
      if (shards === 1) perShard1 = rate;
      mergePer10k = Math.max(mergePer10k, (mergeS / Math.max(1, scored)) * 10_000);
      rows.push(`| ${shards} | ${scored} | ${wall.toFixed(1)} | ${rate.toFixed(1)} | ${(rate / shards).toFixed(1)} | ${(rate / perShard1).toFixed(2)}x | ${mergeS.toFixed(2)} |`);
    }

    // Projection for an archive on M machines, one shard each, from the measured one-shard rate on this machine
    // (per machine like this one), the hashing every shard does over the whole archive, and the merge.
    const archive = 800_000;
    const proj = [1, 4, 16, 64, 256].map((m) => {
      const scoreS = archive / m / perShard1;
      const hashS = (archive * hashMsPerFile) / 1000;
      const mergeS = (archive / 10_000) * mergePer10k;
      const total = scoreS + hashS + mergeS;
      const h = (s: number) => (s >= 86_400 ? `${(s / 86_400).toFixed(1)} d` : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${(s / 60).toFixed(0)} min`);
      return `| ${m} | ${h(scoreS)} | ${h(hashS)} | ${h(mergeS)} | ${h(total)} |`;
    });
    const lines = [
      `Cohort of ${N} ECGs, pack ${manifest.id} (${(manifest.architecture.parameters / 1e6).toFixed(1)} M parameters), ${cpus().length} CPU cores, --threads ${THREADS}, ${existsSync(BUILT) ? 'built CLI' : 'CLI from sources (tsx)'}; load average ${loadavg()[0]?.toFixed(1)} at the end.`,
      '',
      '| shards at once | ECGs scored | wall s | ECGs/s (all shards) | ECGs/s per shard | vs 1 shard | merge s |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Every shard walks and hashes the whole archive to find its part: ${hashMsPerFile.toFixed(2)} ms per file here (local disk, page cache warm).`,
      `Merge: ${mergePer10k.toFixed(1)} s per 10,000 ECGs (largest measured).`,
      '',
      `Projection for ${archive.toLocaleString('en')} ECGs (MIMIC-IV-ECG size), one shard per machine like this one at ${perShard1.toFixed(1)} ECGs/s:`,
      '',
      '| machines | scoring | hashing (every shard) | merge | total |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...proj,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
