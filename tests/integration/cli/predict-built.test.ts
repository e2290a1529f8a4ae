import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PredictJson } from '../../../src-main/cli/commands/predict';

const ROOT = join(__dirname, '../../..');
const BUILT = join(ROOT, 'out/main/cli.js');

// The built command (npm ci builds it): the onnxruntime session runs in the built worker thread, and the
// process must exit by itself once the predictions are printed.
describe.runIf(existsSync(BUILT))('built echoing-ecg predict', () => {
  it('predicts through the worker-hosted engine and exits with the right code', () => {
    const files = [join(ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm'), join(ROOT, 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml')];
    const ok = spawnSync(process.execPath, [join(ROOT, 'bin/echoing-ecg.cjs'), 'predict', '--json', '--ep', 'cpu', '--model', join(ROOT, 'models/reference'), ...files], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(ok.signal).toBeNull();
    expect(ok.status).toBe(0);
    const res = JSON.parse(ok.stdout) as PredictJson[];
    expect(res.map((r) => r.ok)).toEqual([true, true]);
    expect(res[0]?.executionProvider).toBe('cpu');

    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/echoing-ecg.cjs'), 'predict', '--json', '--model', join(ROOT, 'models/reference'), join(ROOT, 'tests/fixtures/ecg/wfdb/mitdb_208/208.hea')], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stdout) as PredictJson[])[0]?.error?.code).toBe('MISSING_LEADS');
  });
});
