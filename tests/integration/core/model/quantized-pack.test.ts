import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { loadModel } from '../../../../src-main/core/model/model';
import { readManifest } from '../../../../src-main/core/model/pack/load';
import { rowCosines } from '../../../../src-main/core/model/results/gaussian';
import { MODEL_FIXTURES, REFERENCE_PACK, ROOT, readF32 } from './helpers';

const PY = '/usr/bin/python3';
const TOOLS = join(ROOT, 'models/tools');
const torchAvailable = spawnSync(PY, ['-c', 'import torch, onnx, scipy'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'echoing-int8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cosines = rowCosines;

// CI installs Debian's python3-torch, so this runs there; on a machine without it the reason is in the name.
describe.skipIf(!torchAvailable)('int8 pack of the reference pack (needs /usr/bin/python3 with torch, onnx, scipy)', () => {
  const pack = join(dir, 'reference-int8');

  it('exports with its agreement recorded, loads as a quantized pack, and onnxruntime runs what the agreement measured', { timeout: 300_000 }, async () => {
    const r = spawnSync(PY, [join(TOOLS, 'export_echoingecg.py'), '--quantize', 'int8', '--base-pack', REFERENCE_PACK, '--out', pack], { encoding: 'utf8', timeout: 280_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/equivalent to echoingecg-reference-sim 0\.3\.0/);
    const m = await readManifest(pack);
    const base = await readManifest(REFERENCE_PACK);
    expect(m.id).toBe('echoingecg-reference-sim-int8');
    expect(m.quantization?.base).toEqual({ id: base.id, version: base.version, modelSha256: base.files.find((f) => f.path === 'model.onnx')?.sha256 });
    const a = m.quantization?.agreement;
    expect(a?.n).toBe(200);
    expect(Object.keys(a?.identicalCalls ?? {})).toEqual(base.heads.map((h) => h.id));
    expect(a?.retrievalTop5Overlap).toBeGreaterThan(0.9);

    const [q, f] = [await loadModel(pack, { executionProvider: 'cpu' }), await loadModel(REFERENCE_PACK, { executionProvider: 'cpu' })];
    try {
      expect(q.summary.quantization).toMatchObject({ baseId: base.id, baseVersion: base.version, equivalent: true, fixedSetSize: 200 });
      expect(f.summary.quantization).toBeUndefined();
      // onnxruntime's fused int8 kernels against the evaluator the export measured with, on the parity inputs.
      const inputs = join(MODEL_FIXTURES, 'inputs.f32.bin');
      const evalOut = join(dir, 'eval-mean.f32.bin');
      const code = `import sys, numpy as np, onnx; sys.path.insert(0, ${JSON.stringify(TOOLS)})
from echoingecg.onnx_eval import run
x = np.fromfile(${JSON.stringify(inputs)}, dtype="<f4").reshape(-1, 12, 1000)
mean, _, _ = run(onnx.load(${JSON.stringify(join(pack, 'model.onnx'))}), {"ecg": x})
mean.astype("<f4").tofile(${JSON.stringify(evalOut)})`;
      const e = spawnSync(PY, ['-c', code], { encoding: 'utf8', timeout: 120_000 });
      expect(e.status, e.stderr).toBe(0);
      const ortOut = await q.runInputs(readF32(inputs), 4);
      expect(Math.min(...cosines(ortOut.mean, readF32(evalOut), 512))).toBeGreaterThan(0.9999);
      // And against the float pack on real (simulated) records: the same calls, means within the bar.
      const folder = join(ROOT, 'tests/fixtures/sim');
      const records = await Promise.all(readdirSync(folder).filter((n) => n.endsWith('.hea')).map((n) => readEcgFile(join(folder, n))));
      const [rq, rf] = [await q.predictBatch(records), await f.predictBatch(records)];
      const cos = rq.map((x, i) => cosines(x.embedding.mean, (rf[i] as (typeof rf)[number]).embedding.mean, 512)[0] as number);
      expect(cos.reduce((s, c) => s + c, 0) / cos.length).toBeGreaterThan(0.999);
      const calls = (rs: typeof rq) => rs.flatMap((x) => x.predictions.map((p) => p.call));
      const same = calls(rq).filter((c, i) => c === calls(rf)[i]).length / calls(rq).length;
      expect(same).toBeGreaterThanOrEqual(0.95);
      expect(rq[0]?.model.quantization?.equivalent).toBe(true);
    } finally {
      await q.dispose();
      await f.dispose();
    }
  });

  it('refuses a manifest that claims equivalence its figures do not reach, or that keeps its base id', async () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as {
      id: string; quantization: { equivalent: boolean; agreement: { identicalCalls: Record<string, number> } };
    };
    manifest.quantization.agreement.identicalCalls['lvef-lt-40'] = 0.9;
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify(manifest));
    await expect(readManifest(pack)).rejects.toThrow(/quantization\.equivalent.*claims equivalence/);
    manifest.quantization.equivalent = false;
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify(manifest));
    expect((await readManifest(pack)).quantization?.equivalent).toBe(false);
    manifest.id = 'echoingecg-reference-sim';
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify(manifest));
    await expect(readManifest(pack)).rejects.toThrow(/id of its own/);
  });
});
