import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const PY = '/usr/bin/python3';
const ready =
  process.platform === 'linux' && process.arch === 'x64' && spawnSync(PY, ['-c', 'import torch, onnx, scipy, sklearn, joblib'], { encoding: 'utf8' }).status === 0 &&
  spawnSync('xz', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'gpu-kit-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The GPU check kit end to end on this GPU-less machine: made by scripts/make-gpu-bundle.mjs, unpacked and run
 * by scripts/gpu-check.sh with its own Node, building a network with the Python tooling, printing the table with
 * the GPU providers reported as skipped and why. (The measurement on a GPU is the part that needs the GPU.)
 */
describe.skipIf(!ready)('GPU check kit on CPU (needs Linux x64, xz and /usr/bin/python3 with torch, onnx, scipy, sklearn)', () => {
  it('is under 60 MB, unpacks, builds the network and prints the table with GPU providers skipped', { timeout: 600_000 }, () => {
    const kit = join(dir, 'kit.tar.xz');
    const made = spawnSync(process.execPath, [join(ROOT, 'scripts/make-gpu-bundle.mjs'), '--out', kit, '--fast'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(made.status, made.stderr).toBe(0);
    const info = JSON.parse(made.stdout) as { bytes: number; unpackedBytes: number };
    expect(statSync(kit).size).toBe(info.bytes);
    expect(info.bytes).toBeLessThan(60e6);
    // gpu-check.sh runs only the kit's own Node (bin/node), whatever is on PATH.
    const env = { PATH: '/usr/bin:/bin', HOME: dir, TMPDIR: dir, PYTHON: PY };
    const run = spawnSync('bash', [join(ROOT, 'scripts/gpu-check.sh'), kit, '--cpu-only', '--small', '--budget-s', '400'], { cwd: dir, env, encoding: 'utf8', timeout: 480_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/onnxruntime-node 1\.30\.0; Node v\d+/);
    for (const pack of ['reference', 'small-random']) {
      for (const b of [1, 8, 32, 64, 128]) expect(out).toMatch(new RegExp(`\\| ${pack} \\| cpu \\| ${b} \\| \\d+\\.\\d \\| n/a \\| 1\\.000000 \\| 0\\.00e\\+0 \\| (\\d+)/\\1 \\|`));
      expect(out).toMatch(new RegExp(`\\| ${pack} \\| cuda \\| all \\| skipped: .+ \\|`));
      expect(out).toMatch(new RegExp(`\\| ${pack} \\| webgpu \\| all \\| skipped: .+ \\|`));
    }
    expect(out).toMatch(/\*\*reference\*\*: best GPU n\/a \(no GPU provider ran\); PyTorch: not run\./);
    expect(run.stderr).toMatch(/building small-random \(random weights\) with the project's tooling/);
    expect(run.stderr).toMatch(/done in \d+ s/);
  });
});
