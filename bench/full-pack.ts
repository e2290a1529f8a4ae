import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const PY = '/usr/bin/python3';
/** Where benches keep the full-size random-weight network (git-ignored; about 500 MB per pack). */
export const LOCAL = join(ROOT, 'models/local');

/** The full-size EchoingECG-101 pack with random weights (models/local), exported on first use; undefined when it cannot be. */
export function ensureFullPack(): string | undefined {
  const pack = join(LOCAL, 'echoingecg-101-random');
  if (existsSync(join(pack, 'manifest.json'))) return pack;
  const ckpt = join(LOCAL, 'random-full.pt');
  const steps: string[][] = [];
  if (!existsSync(ckpt)) steps.push([join(ROOT, 'models/tools/make_random_checkpoint.py'), '--out', ckpt, '--full']);
  steps.push([join(ROOT, 'models/tools/export_echoingecg.py'), '--checkpoint', ckpt, '--scaler', join(LOCAL, 'random-full_scaler.pkl'), '--out', pack]);
  for (const s of steps) {
    const r = spawnSync(PY, s, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
    if (r.status !== 0) return undefined;
  }
  return pack;
}


/**
 * The int8 pack of `from` (export_echoingecg.py --quantize int8 --base-pack) at `<base>-int8`, made on first use: several minutes on two
 * cores (calibration and the agreement set run through the tooling's evaluator). Exit 3 (written, not
 * equivalent) still gives a pack to time.
 */
export function ensureInt8Pack(base: string, from = base): string | undefined {
  const pack = `${base}-int8`;
  if (existsSync(join(pack, 'manifest.json'))) return pack;
  const r = spawnSync(PY, [join(ROOT, 'models/tools/export_echoingecg.py'), '--quantize', 'int8', '--base-pack', from, '--out', pack], {
    stdio: ['ignore', 'inherit', 'inherit'], timeout: 1_800_000,
  });
  return r.status === 0 || r.status === 3 ? pack : undefined;
}
