import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../../src-main/core/model/model';
import { MODEL_FIXTURES, ROOT, fixtureRecord, maxAbsDiff, readF32 } from './helpers';

const PY = '/usr/bin/python3';
const TOOLS = join(ROOT, 'models/tools');
const torchAvailable = spawnSync(PY, ['-c', 'import torch, onnx, sklearn, joblib'], { encoding: 'utf8' }).status === 0;

function py(args: string[]): void {
  const r = spawnSync(PY, args, { encoding: 'utf8', timeout: 280_000 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr.split('\n').slice(-5).join('\n')}`);
}

// CI installs Debian's python3-torch, so this runs there; on a machine without it the reason is in the name.
describe.skipIf(!torchAvailable)('export tool (needs /usr/bin/python3 with torch, onnx, sklearn)', () => {
  it('a checkpoint with the published key layout and random weights exports to a pack that loads and matches PyTorch', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'echoing-export-'));
    const ckpt = join(dir, 'random.pt');
    const pack = join(dir, 'pack');
    py([join(TOOLS, 'make_random_checkpoint.py'), '--out', ckpt, '--small', '--seed', '11']);
    py([join(TOOLS, 'export_echoingecg.py'), '--checkpoint', ckpt, '--scaler', join(dir, 'random_scaler.pkl'), '--out', pack]);

    // PyTorch outputs of the same checkpoint on the committed parity inputs.
    const torchOut = join(dir, 'torch.f32.bin');
    const inputs = join(MODEL_FIXTURES, 'inputs.f32.bin');
    py([join(TOOLS, 'bench/torch_bench.py'), '--checkpoint', ckpt, '--inputs', inputs, '--batches', '4', '--min-seconds', '0', '--max-iters', '1', '--outputs', torchOut]);

    const model = await loadModel(pack, { executionProvider: 'cpu' });
    try {
      expect(model.manifest.clinicalUse).toBe(false);
      const x = readF32(inputs);
      const out = await model.runInputs(x, 4);
      const both = readF32(torchOut);
      const d = 512;
      const mean = new Float32Array(4 * d);
      const logvar = new Float32Array(4 * d);
      for (let r = 0; r < 4; r++) {
        mean.set(both.subarray(2 * r * d, (2 * r + 1) * d), r * d);
        logvar.set(both.subarray((2 * r + 1) * d, (2 * r + 2) * d), r * d);
      }
      expect(maxAbsDiff(out.mean, mean)).toBeLessThan(1e-4);
      expect(maxAbsDiff(out.logvar, logvar)).toBeLessThan(1e-4);
      // And the app-level path works on an exported pack (no report library: no retrieval).
      const r = await model.predict(fixtureRecord('fs500_10000ms_start0'));
      expect(r.similarReports).toEqual([]);
      expect(r.uncertainty.percentile).toBeGreaterThanOrEqual(0);
      expect(JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')).schemaVersion).toBe(1);
    } finally {
      await model.dispose();
    }
  });
});
