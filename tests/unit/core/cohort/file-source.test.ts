import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countSource, isWfdbCompanion, sourcePaths } from '../../../../src-main/core/cohort/file-source';

const root = mkdtempSync(join(tmpdir(), 'echoing-source-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(...names: string[]) {
  for (const n of names) {
    mkdirSync(join(root, n, '..'), { recursive: true });
    writeFileSync(join(root, n), 'x');
  }
}

describe('cohort folder sources', () => {
  touch(
    'mitdb/208.hea', 'mitdb/208.dat', 'mitdb/208.atr', 'mitdb/208.xws', 'mitdb/208.pu0', 'mitdb/208.ecg',
    'cinc/HR06000.hea', 'cinc/HR06000.mat',
    'mixed/100.hea', 'mixed/100.dat', 'mixed/100.xml', 'mixed/100.dcm',
    'orphan/300.atr', 'dicom/IM0001', 'dicom/study.dcm', 'notes/readme.md', '.hidden.dcm',
  );

  it('lists WFDB records by their header only: signal and annotation files of every name are companions', async () => {
    const found: string[] = [];
    for await (const p of sourcePaths({ kind: 'folder', path: root })) found.push(p.slice(root.length + 1));
    expect(found.sort()).toEqual(
      ['cinc/HR06000.hea', 'dicom/IM0001', 'dicom/study.dcm', 'mitdb/208.hea', 'mixed/100.dcm', 'mixed/100.hea', 'mixed/100.xml', 'orphan/300.atr'].sort(),
    );
    expect(await countSource({ kind: 'folder', path: root })).toBe(8);
  });

  it('tells companions from files read on their own', () => {
    const c = (n: string) => isWfdbCompanion(join(root, n));
    expect(['mitdb/208.atr', 'mitdb/208.xws', 'mitdb/208.dat', 'cinc/HR06000.mat'].map(c)).toEqual([true, true, true, true]);
    expect(['mitdb/208.hea', 'mixed/100.xml', 'mixed/100.dcm', 'orphan/300.atr', 'dicom/IM0001'].map(c)).toEqual([false, false, false, false, false]);
  });
});
