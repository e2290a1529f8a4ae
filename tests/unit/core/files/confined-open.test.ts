import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import { createEcgHandlers } from '../../../../src-main/core/api/ecg-handlers';
import { createReportHandlers } from '../../../../src-main/core/api/report-handlers';
import { readEcgFile } from '../../../../src-main/core/ecg/read-file';
import { openInsideRoots, openInsideRootsSync } from '../../../../src-main/core/files/confined-open';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';
import type { PackManager } from '../../../../src-main/core/model/pack/manager';
import { DEFAULT_REPORT_OPTIONS } from '../../../../src-main/core/report/options';

/**
 * Companion files and re-opened tokens stay inside the allowed roots (issue 11, part 4): a WFDB header inside a
 * root whose .dat links out, and a file swapped for a link after its token was handed out, are refused.
 */
/** A CSV whose time column states its rate (500 Hz). */
const TIMED_CSV = 'time,I,II\n0,1,2\n0.002,3,4\n0.004,5,6\n';

function layout() {
  const base = mkdtempSync(join(tmpdir(), 'confined-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.dat'), Uint8Array.from([7, 0, 8, 0]));
  writeFileSync(join(outside, 'secret.csv'), TIMED_CSV);
  writeFileSync(join(root, 'rec.hea'), 'rec 1 500 2\nrec.dat 16 1/uV 16 0 0 0 0 I\n');
  writeFileSync(join(root, 'own.hea'), 'own 1 500 2\nown.dat 16 1/uV 16 0 0 0 0 I\n');
  writeFileSync(join(root, 'own.dat'), Uint8Array.from([1, 0, 2, 0]));
  symlinkSync(join(outside, 'secret.dat'), join(root, 'rec.dat'));
  return { base, root, outside };
}

describe('files confined to the roots', () => {
  it('reads a WFDB record whose files are inside the root', async () => {
    const { root } = layout();
    const r = await readEcgFile(join(root, 'own.hea'), { roots: [root] });
    expect(Array.from(r.groups[0]!.leads[0]!.samples)).toEqual([1, 2]);
  });

  it('refuses a WFDB header whose .dat is a link to a file outside the root', async () => {
    const { root } = layout();
    await expect(readEcgFile(join(root, 'rec.hea'), { roots: [root] })).rejects.toMatchObject({ code: 'PATH_TRAVERSAL' });
    // Without roots (the command line, a file the user picked in a native dialog) the link is followed.
    expect(Array.from((await readEcgFile(join(root, 'rec.hea'))).groups[0]!.leads[0]!.samples)).toEqual([7, 8]);
  });

  it('a link inside the root to a file inside the root is fine; out of it is refused, sync and async', async () => {
    const { root, outside } = layout();
    symlinkSync(join(root, 'own.dat'), join(root, 'alias.dat'));
    const fd = openInsideRootsSync(join(root, 'alias.dat'), [root]);
    expect(typeof fd).toBe('number');
    const h = await openInsideRoots(join(root, 'alias.dat'), [root]);
    await h.close();
    expect(() => openInsideRootsSync(join(outside, 'secret.dat'), [root])).toThrow(expect.objectContaining({ code: 'PATH_TRAVERSAL' }));
    await expect(openInsideRoots(join(root, 'rec.dat'), [root])).rejects.toMatchObject({ code: 'PATH_TRAVERSAL' });
    await expect(openInsideRoots(join(root, 'nope.dat'), [root])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it("a file of the app's own PACS cache opens through the web host's roots check", async () => {
    const { base, root } = layout();
    const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(base, 'data'), bundledModelsDir: base, browseRoots: [root] };
    mkdirSync(join(deps.dataDir, 'pacs-cache'), { recursive: true });
    const cached = join(deps.dataDir, 'pacs-cache', '1.2.3.dcm');
    copyFileSync(join(__dirname, '../../../fixtures/ecg/dicom/pydicom_waveform_ecg.dcm'), cached);
    const handlers = createEcgHandlers(deps, new RecentFiles(deps.dataDir));
    const opened = await handlers['ecg:open']({ token: deps.files.handOut(cached, 'file').token }, { emit: vi.fn() });
    expect(opened.record.format).toBe('dicom');
    // Elsewhere in the data folder (the database, credentials) is not readable as an ECG through a token.
    writeFileSync(join(deps.dataDir, 'secret.csv'), TIMED_CSV);
    const other = deps.files.handOut(join(deps.dataDir, 'secret.csv'), 'file');
    await expect(handlers['ecg:open']({ token: other.token }, { emit: vi.fn() })).rejects.toMatchObject({ code: 'PATH_TRAVERSAL' });
  });

  it('a file swapped for a link after its token was handed out is refused when the token is opened again', async () => {
    const { base, root, outside } = layout();
    const path = join(root, 'ecg.csv');
    writeFileSync(path, TIMED_CSV);
    const deps: CoreDeps = { transport: 'web', files: new FileRegistry(), dataDir: join(base, 'data'), bundledModelsDir: base, browseRoots: [root] };
    const handlers = createEcgHandlers(deps, new RecentFiles(deps.dataDir));
    const ctx = { emit: vi.fn() };
    const ref = deps.files.handOut(path, 'file');
    expect((await handlers['ecg:open']({ token: ref.token }, ctx)).record.groups[0]?.sampleRateHz).toBe(500);
    unlinkSync(path);
    symlinkSync(join(outside, 'secret.csv'), path);
    await expect(handlers['ecg:open']({ token: ref.token }, ctx)).rejects.toMatchObject({ code: 'PATH_TRAVERSAL' });
    // The report of the same token is refused too (it reads the file again).
    const report = createReportHandlers(deps, {} as PackManager);
    await expect(report['report:pdf']({ token: ref.token, options: DEFAULT_REPORT_OPTIONS, ai: false }, ctx)).rejects.toMatchObject({ code: 'PATH_TRAVERSAL' });
  });
});
