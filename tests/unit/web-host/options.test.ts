import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/args';
import { dataDir } from '../../../src-main/core/app-paths';
import { parseWebHostArgs } from '../../../src-main/web-host/options';

describe('web host options', () => {
  it('defaults to a random port, the current folder as root, and opening the browser', () => {
    const o = parseWebHostArgs([], '/work');
    expect(o).toMatchObject({ port: 0, roots: ['/work'], open: true, help: false });
    expect(o.dataDir).toBe(dataDir(undefined));
  });

  it('parses every flag', () => {
    const o = parseWebHostArgs(['--port', '8123', '--root', 'a', '--root=/b', '--data-dir', 'd', '--no-open'], '/work');
    expect(o).toEqual({ port: 8123, roots: ['/work/a', '/b'], dataDir: '/work/d', open: false, help: false });
  });

  it.each([['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--bogus'], ['stray'], ['--root']])('refuses %j', (...argv) => {
    expect(() => parseWebHostArgs(argv, '/work')).toThrow(UsageError);
  });

  it('uses the data folder shared with the desktop app and the CLI (tests/unit/core/app-paths.test.ts)', () => {
    const saved = process.env.ECHOING_ECG_DATA_DIR;
    process.env.ECHOING_ECG_DATA_DIR = '/shared/data';
    try {
      expect(parseWebHostArgs([], '/work').dataDir).toBe('/shared/data');
      expect(parseWebHostArgs(['--data-dir', 'mine'], '/work').dataDir).toBe('/work/mine');
    } finally {
      if (saved === undefined) delete process.env.ECHOING_ECG_DATA_DIR;
      else process.env.ECHOING_ECG_DATA_DIR = saved;
    }
  });
});
