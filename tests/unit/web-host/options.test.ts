import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/args';
import { defaultDataDir, parseWebHostArgs } from '../../../src-main/web-host/options';

describe('web host options', () => {
  it('defaults to a random port, the current folder as root, and opening the browser', () => {
    const o = parseWebHostArgs([], '/work');
    expect(o).toMatchObject({ port: 0, roots: ['/work'], open: true, help: false });
    expect(o.dataDir).toBe(defaultDataDir());
  });

  it('parses every flag', () => {
    const o = parseWebHostArgs(['--port', '8123', '--root', 'a', '--root=/b', '--data-dir', 'd', '--no-open'], '/work');
    expect(o).toEqual({ port: 8123, roots: ['/work/a', '/b'], dataDir: '/work/d', open: false, help: false });
  });

  it.each([['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--bogus'], ['stray'], ['--root']])('refuses %j', (...argv) => {
    expect(() => parseWebHostArgs(argv, '/work')).toThrow(UsageError);
  });

  it('puts data in the per-user folder of each platform', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/echoing-ecg-review');
    expect(defaultDataDir({ APPDATA: 'C:/AppData' }, 'win32')).toMatch(/echoing-ecg-review$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/echoing-ecg-review$/);
  });
});
