/**
 * The CLI inside the installed app: the built Electron entry (out/main/main.js) started with `--cli` gives the same
 * output and exit codes as `npx echoing-ecg` (bin/echoing-ecg.cjs). Electron cannot run here, so the entry runs
 * under Node with a stand-in `electron` module (fake-electron.cjs) that fails on any Electron API but app.exit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'tests/fixtures/ecg');
const env = { ...process.env, ORT_DISABLE_TELEMETRY: '1' };

function npx(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/echoing-ecg.cjs'), ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function inApp(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--require', join(__dirname, 'fake-electron.cjs'), join(ROOT, 'out/main/main.js'), '--ozone-platform=headless', '--cli', ...args],
    { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('`<app> --cli` answers like `npx echoing-ecg`', () => {
  it.each([
    ['--help'],
    ['--version'],
    [],
    ['frobnicate'],
    ['inspect', '--json', join(FIXTURES, 'dicom/pydicom_waveform_ecg.dcm'), join(FIXTURES, 'scp-ecg/ecgtoolkit_Example.scp')],
    ['inspect', join(FIXTURES, 'wfdb/test01_00s/test01_00s.hea'), join(FIXTURES, 'ATTRIBUTION.md')],
    ['predict', '--json', '--model', join(ROOT, 'models/reference'), join(FIXTURES, 'dicom/pydicom_waveform_ecg.dcm')],
  ])('%j', (...args) => {
    const a = npx(...args);
    const b = inApp(...args);
    expect(b.err).not.toContain('the --cli path reached electron');
    expect(b.code).toBe(a.code);
    expect(b.out).toBe(a.out);
    expect(b.err).toBe(a.err);
  });
});
