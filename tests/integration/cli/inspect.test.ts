import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, type InspectResult } from '../../../src-main/cli/commands/inspect';
import { runCli } from '../../../src-main/cli/run-cli';
import type { CliIo } from '../../../src-main/cli/types';
import { aecgWithDigit } from '../../helpers/hostile';

const ECG = join(__dirname, '../../fixtures/ecg');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false };
  const code = await runCli(['inspect', ...argv], io, [command]);
  return { code, out, err };
}

describe('echoing-ecg inspect', () => {
  it('prints exactly one JSON array in the documented shape; exit 1 when one file fails', async () => {
    const files = [join(ECG, 'dicom/pydicom_waveform_ecg.dcm'), join(ECG, 'wfdb/mitdb_208/208.hea'), join(ECG, 'csv/denismot_e0103.csv'), join(ECG, 'missing.edf')];
    const { code, out } = await run(['--json', ...files]);
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    const res = JSON.parse(out) as InspectResult[];
    expect(res.map((r) => [r.path, r.ok, r.format, r.error?.code])).toEqual([
      [files[0], true, 'dicom', undefined],
      [files[1], true, 'wfdb', undefined],
      [files[2], false, 'csv', 'SAMPLE_RATE_UNKNOWN'],
      [files[3], false, null, 'FILE_NOT_FOUND'],
    ]);
    const dicom = res[0]!;
    expect(Object.keys(dicom)).toEqual(['path', 'ok', 'format', 'sampleRateHz', 'durationS', 'leads']);
    expect([dicom.sampleRateHz, dicom.durationS, dicom.leads.length]).toEqual([1000, 10, 12]);
    expect(Object.keys(dicom.leads[0]!)).toEqual(['name', 'samples', 'derived', 'meanUv', 'rmsUv', 'minUv', 'maxUv']);
    expect(dicom.leads[0]).toMatchObject({ name: 'I', samples: 10000, derived: false, minUv: -62.5, maxUv: 725 });
    expect(dicom.leads[0]!.meanUv).toBeCloseTo(92.661, 3);
    expect(res[1]!.leads.map((l) => l.name)).toEqual(['MLII', 'V1']);
    const failed = res[2]!;
    expect(Object.keys(failed)).toEqual(['path', 'ok', 'format', 'sampleRateHz', 'durationS', 'leads', 'error']);
    expect(failed.error!.message).toMatch(/sample rate/);
  });

  it('reads a headerless CSV once the rate is given, marks derived leads, exit 0', async () => {
    const { code, out } = await run(['--json', '--rate', '250', join(ECG, 'csv/denismot_e0103.csv'), join(ECG, 'ge-muse-xml/braveheart_example1.xml')]);
    expect(code).toBe(0);
    const res = JSON.parse(out) as InspectResult[];
    expect(res[0]).toMatchObject({ ok: true, format: 'csv', sampleRateHz: 250, durationS: 120 });
    expect(res[1]!.leads.filter((l) => l.derived).map((l) => l.name)).toEqual(['III', 'aVR', 'aVL', 'aVF']);
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await run([join(ECG, 'edf/contec_0000050.ECG.edf'), join(ECG, 'missing.hea')]);
    expect(code).toBe(1);
    expect(out).toMatch(/edf {2}800 Hz {2}47\.31875 s {2}12 leads/);
    expect(out).toMatch(/^ {2}lead +samples +mean uV +rms uV +min uV +max uV$/m);
    expect(out).toMatch(/^ {2}aVF +37855 /m);
    expect(out).toContain('FAILED FILE_NOT_FOUND');
    const mit = await run([join(ECG, 'wfdb/mitdb_208/208.hea')]);
    expect(mit.out).toContain('note: Sample rate 360 Hz is below the 500 Hz recommended for diagnostic ECG');
  });

  it('refuses a 1.2 GB file by its size without reading it, and names the format from its head (issue 11)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-large-'));
    const path = join(dir, 'huge.xml');
    // Sparse: 1.2 GB on paper, a few kilobytes on disk.
    writeFileSync(path, '<?xml version="1.0"?><AnnotatedECG xmlns="urn:hl7-org:v3">');
    truncateSync(path, Math.round(1.2 * 1024 ** 3));
    const before = process.resourceUsage().maxRSS * 1024;
    const { code, out } = await run(['--json', path]);
    const grown = process.resourceUsage().maxRSS * 1024 - before;
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject([{ ok: false, format: 'hl7-aecg', error: { code: 'FILE_TOO_LARGE' } }]);
    // Reading it whole took 2.5 GB.
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });

  it('marks an unusable lead and says why (issue 11)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-unusable-'));
    const path = join(dir, 'poisoned.xml');
    writeFileSync(path, aecgWithDigit('1e30'));
    const { code, out } = await run([path]);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}I! +5000 /m);
    expect(out).toContain('note: Lead I is unusable');
  });

  it('exits 2 on usage mistakes', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--rate', '-5', 'x.csv'])).code).toBe(2);
    expect((await run(['--bogus', 'x.csv'])).code).toBe(2);
  });
});
