import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileRegistry } from '../../../src-main/core/files/file-registry';
import { filePathsFromArgv, handOutPaths, LaunchFiles } from '../../../src-main/electron/open-files';

const DICOM = join(__dirname, '../../fixtures/ecg/dicom/pydicom_waveform_ecg.dcm');

describe('files handed to the app from outside', () => {
  it('takes file arguments from a launch, skipping the executable, the dev app folder, switches and --data-dir', () => {
    expect(filePathsFromArgv(['/opt/app/echoing-ecg-review', '--no-sandbox', 'a.dcm', '--data-dir', '/d', '/abs/b.xml'], { isPackaged: true, cwd: '/work' })).toEqual([
      '/work/a.dcm',
      '/abs/b.xml',
    ]);
    expect(filePathsFromArgv(['/electron', '.', 'c.scp'], { isPackaged: false, cwd: '/w' })).toEqual(['/w/c.scp']);
  });

  it('validates like a drop: at most 200 sane strings, absolute, existing', async () => {
    const files = new FileRegistry();
    const refs = await handOutPaths(files, ['relative.dcm', '/nowhere/x.dcm', DICOM]);
    expect(refs.map((r) => [r.name, r.kind])).toEqual([['pydicom_waveform_ecg.dcm', 'file']]);
    await expect(handOutPaths(files, Array(201).fill(DICOM))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(handOutPaths(files, [`/${'x'.repeat(5000)}`])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(handOutPaths(files, 'not a list')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keeps files until the window takes them once, then delivers new ones as events', async () => {
    const deliver = vi.fn();
    const launch = new LaunchFiles(new FileRegistry(), deliver);
    await launch.add([DICOM]);
    expect(deliver).not.toHaveBeenCalled();
    expect(launch.take().map((r) => r.name)).toEqual(['pydicom_waveform_ecg.dcm']);
    expect(launch.take()).toEqual([]);
    await launch.add([DICOM, '/nowhere.dcm']);
    expect(deliver).toHaveBeenCalledWith([expect.objectContaining({ name: 'pydicom_waveform_ecg.dcm' })]);
  });
});
