import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishRecord, readEcgBytes, readEcgFile } from '../../../../src-main/core/ecg';
import type { FormatReader } from '../../../../src-main/core/ecg/format-reader';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { isCoreError } from '../../../../src-main/core/errors';

const base = (groups: EcgRecord['groups']): EcgRecord => ({ format: 'csv', fields: [], measurements: {}, statements: [], filters: {}, groups, warnings: [] });
const lead = (name: string, n: number) => ({ name, samples: new Float32Array(n), derived: false });
const fake = (read: () => EcgRecord): FormatReader => ({ format: 'csv', sniff: () => true, read });

describe('readEcgBytes', () => {
  it('says NOT_AN_ECG for empty or unknown bytes', () => {
    expect(() => readEcgBytes({ bytes: new Uint8Array(0) })).toThrow(expect.objectContaining({ code: 'NOT_AN_ECG' }));
    expect(() => readEcgBytes({ bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) })).toThrow(expect.objectContaining({ code: 'NOT_AN_ECG' }));
  });

  it('turns stray exceptions into coded errors: RangeError -> TRUNCATED, anything else -> INTERNAL', () => {
    const bytes = Uint8Array.from([1]);
    const range = fake(() => {
      throw new RangeError('Offset is outside the bounds of the DataView');
    });
    const bug = fake(() => {
      throw new TypeError('x is undefined');
    });
    expect(() => readEcgBytes({ bytes }, [range])).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    try {
      readEcgBytes({ bytes }, [bug]);
      expect.unreachable();
    } catch (e) {
      expect(isCoreError(e, 'INTERNAL')).toBe(true);
    }
  });

  it('skips readers whose sniff throws', () => {
    const throwing: FormatReader = { format: 'dicom', sniff: () => { throw new Error('boom'); }, read: () => base([]) };
    const ok = fake(() => base([{ kind: 'rhythm', sampleRateHz: 500, leads: [lead('II', 5)] }]));
    expect(readEcgBytes({ bytes: Uint8Array.from([1]) }, [throwing, ok]).format).toBe('csv');
  });
});

describe('finishRecord', () => {
  it('drops empty leads and groups with a warning; NO_WAVEFORM when nothing is left', () => {
    const r = finishRecord(base([
      { kind: 'rhythm', sampleRateHz: 500, leads: [lead('I', 10), lead('II', 0)] },
      { kind: 'median', sampleRateHz: 500, leads: [lead('I', 0)] },
    ]));
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['I']);
    expect(r.warnings.some((w) => /hold no samples/.test(w))).toBe(true);
    expect(() => finishRecord(base([{ kind: 'rhythm', sampleRateHz: 500, leads: [lead('I', 0)] }]))).toThrow(expect.objectContaining({ code: 'NO_WAVEFORM' }));
  });

  it('rejects impossible sample rates and warns below 500 Hz', () => {
    expect(() => finishRecord(base([{ kind: 'rhythm', sampleRateHz: 0, leads: [lead('I', 1)] }]))).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => finishRecord(base([{ kind: 'rhythm', sampleRateHz: Number.NaN, leads: [lead('I', 1)] }]))).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    const r = finishRecord(base([{ kind: 'rhythm', sampleRateHz: 240, leads: [lead('I', 1)] }]));
    expect(r.warnings).toContain('Sample rate 240 Hz is below the 500 Hz recommended for diagnostic ECG');
  });

  it('makes duplicate lead names unique', () => {
    const r = finishRecord(base([{ kind: 'rhythm', sampleRateHz: 500, leads: [lead('ECG', 1), lead('ECG', 1), lead('ECG', 1)] }]));
    expect(r.groups[0]!.leads.map((l) => l.name)).toEqual(['ECG', 'ECG (2)', 'ECG (3)']);
  });
});

describe('readEcgFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-read-file-'));
  writeFileSync(join(dir, 'r.hea'), 'r 1 500 2\nr.dat 16 1/uV 16 0 0 0 0 I\n');
  writeFileSync(join(dir, 'r.dat'), Uint8Array.from([1, 0, 2, 0]));
  writeFileSync(join(dir, 'evil.hea'), 'e 1 500 2\n../r.dat 16 1/uV 16 0 0 0 0 I\n');
  mkdirSync(join(dir, 'folder.hea'));

  it('reads WFDB through the header or the signal file path', async () => {
    expect(Array.from((await readEcgFile(join(dir, 'r.hea'))).groups[0]!.leads[0]!.samples)).toEqual([1, 2]);
    expect(Array.from((await readEcgFile(join(dir, 'r.dat'))).groups[0]!.leads[0]!.samples)).toEqual([1, 2]);
  });

  it('refuses sibling names that leave the folder', async () => {
    await expect(readEcgFile(join(dir, 'evil.hea'))).rejects.toSatisfy((e) => isCoreError(e, 'FILE_NOT_FOUND'));
  });

  it('checks existence, folders and size before reading', async () => {
    await expect(readEcgFile(join(dir, 'nope.edf'))).rejects.toSatisfy((e) => isCoreError(e, 'FILE_NOT_FOUND'));
    await expect(readEcgFile(join(dir, 'folder.hea'))).rejects.toSatisfy((e) => isCoreError(e, 'NOT_AN_ECG'));
    await expect(readEcgFile(join(dir, 'r.hea'), { maxBytes: 10 })).rejects.toSatisfy((e) => isCoreError(e, 'FILE_TOO_LARGE'));
  });
});
