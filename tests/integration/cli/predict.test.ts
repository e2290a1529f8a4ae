import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PredictJson, command } from '../../../src-main/cli/commands/predict';
import { runCli } from '../../../src-main/cli/run-cli';
import type { CliIo } from '../../../src-main/cli/types';
import { aecgWithDigit } from '../../helpers/hostile';
import { makeTestPack } from '../../helpers/test-pack';

const ROOT = join(__dirname, '../../..');
const ECG = join(ROOT, 'tests/fixtures/ecg');
const PACK = join(ROOT, 'models/reference');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false };
  const code = await runCli(['predict', ...argv], io, [command]);
  return { code, out, err };
}

describe('echoing-ecg predict', () => {
  it('prints one JSON object per input in the documented shape; exit 1 when one fails', async () => {
    const files = [join(ECG, 'ge-muse-xml/braveheart_example1.xml'), join(ECG, 'wfdb/mitdb_208/208.hea'), join(ECG, 'nope.xml')];
    const { code, out } = await run(['--json', '--model', PACK, '--ep', 'cpu', ...files]);
    expect(code).toBe(1);
    const res = JSON.parse(out) as PredictJson[];
    expect(res.map((r) => [r.path, r.ok, r.error?.code])).toEqual([
      [files[0], true, undefined],
      [files[1], false, 'MISSING_LEADS'],
      [files[2], false, 'FILE_NOT_FOUND'],
    ]);
    const ok = res[0] as PredictJson;
    expect(Object.keys(ok)).toEqual(['path', 'ok', 'model', 'executionProvider', 'window', 'uncertainty', 'predictions', 'similarReports']);
    expect(ok.model).toEqual({ id: 'echoingecg-reference-sim', version: expect.any(String), clinical: false });
    expect(ok.executionProvider).toBe('cpu');
    expect(ok.window).toEqual({ startS: 0, durationS: 10 });
    expect(Object.keys(ok.uncertainty ?? {})).toEqual(['score', 'percentile', 'level']);
    for (const p of ok.predictions ?? []) {
      expect(p).toMatchObject({ head: expect.any(String), label: expect.any(String), interval: [expect.any(Number), expect.any(Number)] });
      expect(['positive', 'negative']).toContain(p.call);
      expect('probability' in p).toBe(true);
      // Every head of the reference pack states its held-out operating point.
      expect(p.operatingPoint).toEqual({ sensitivity: expect.any(Number), specificity: expect.any(Number) });
    }
    expect(ok.predictions?.map((p) => p.head)).toEqual(['lvef-lt-40', 'lvef-prompt', 'lvef-knn']);
    expect(ok.similarReports?.[0]).toMatchObject({ id: expect.any(String), score: expect.any(Number), report: expect.any(String) });
    expect(ok.embedding).toBeUndefined();
    expect(res[1]?.error?.message).toContain('lacks');
  });

  it('exit 0 when all succeed; --embedding adds 512-d mean and logvar; --window-start moves the window', async () => {
    const file = join(ECG, 'philips-sierra-xml/seanvelasco_sample_1_04_01.xml');
    const { code, out } = await run(['--json', '--embedding', '--window-start', '0.5', '--model', PACK, '--ep', 'cpu', file]);
    expect(code).toBe(0);
    const [r] = JSON.parse(out) as PredictJson[];
    expect(r?.embedding?.mean).toHaveLength(512);
    expect(r?.embedding?.logvar).toHaveLength(512);
    expect(r?.window).toEqual({ startS: 0.5, durationS: 10 });
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await run(['--model', PACK, '--ep', 'cpu', join(ECG, 'dicom/pydicom_waveform_ecg.dcm')]);
    expect(code).toBe(0);
    expect(out).toContain('NOT FOR CLINICAL USE');
    expect(out).toMatch(/uncertainty (low|high|abstain)/);
    expect(out).toContain('LVEF');
  });

  it('a forced unavailable provider or a broken pack gives coded errors for every input', async () => {
    const file = join(ECG, 'dicom/pydicom_waveform_ecg.dcm');
    const ep = await run(['--json', '--model', PACK, '--ep', process.platform === 'win32' ? 'coreml' : 'dml', file]);
    expect(ep.code).toBe(1);
    expect((JSON.parse(ep.out) as PredictJson[])[0]?.error?.code).toBe('EP_UNAVAILABLE');
    const bad = await run(['--json', '--model', join(ROOT, 'models/tools'), file]);
    expect((JSON.parse(bad.out) as PredictJson[])[0]?.error?.code).toBe('PACK_NOT_FOUND');
  });

  it('never prints a non-finite result: the 1e30 aECG and a NaN-output pack give coded errors (issue 11)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'predict-hostile-'));
    const poisoned = join(dir, 'poisoned.xml');
    writeFileSync(poisoned, aecgWithDigit('1e30'));
    const sane = join(ECG, 'hl7-aecg/fda_subject1_0.xml');
    const r = await run(['--json', '--model', PACK, '--ep', 'cpu', poisoned, sane]);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.out) as PredictJson[];
    expect(res.map((x) => [x.ok, x.error?.code])).toEqual([[false, 'IMPLAUSIBLE_SIGNAL'], [true, undefined]]);
    // JSON has no NaN or Infinity (they would print as null): every value of the sane result is a number.
    const sound = res[1] as PredictJson;
    expect(Number.isFinite(sound.uncertainty?.score)).toBe(true);
    for (const p of sound.predictions ?? []) expect(p.interval.every((v) => Number.isFinite(v))).toBe(true);
    const nan = await run(['--json', '--model', makeTestPack({ nanIn: 'logvar' }), '--ep', 'cpu', sane]);
    expect(nan.code).toBe(1);
    expect((JSON.parse(nan.out) as PredictJson[])[0]).toMatchObject({ ok: false, error: { code: 'PACK_CHECK_FAILED' } });
  });

  it('usage mistakes exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--ep', 'tpu', 'x.xml'])).code).toBe(2);
    expect((await run(['--window-start', '-3', 'x.xml'])).code).toBe(2);
  });
});
