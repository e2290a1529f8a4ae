import { describe, expect, it } from 'vitest';

const configPath = '../../../build/electron-builder.config.mjs';
type Config = { targetPlatform: (argv: string[], host?: string) => string; onlyTargetBinaries: (p: string) => string[] };

describe('electron-builder configuration: native binaries per target', () => {
  it('builds for the platform named on electron-builder\u2019s command line, one per run', async () => {
    const { targetPlatform } = (await import(configPath)) as Config;
    expect(targetPlatform(['node', 'cli.js', '--linux', 'dir'], 'darwin')).toBe('linux');
    expect(targetPlatform(['node', 'cli.js', '-w'], 'linux')).toBe('win32');
    expect(targetPlatform(['node', 'cli.js'], 'darwin')).toBe('darwin');
    expect(() => targetPlatform(['--linux', '--mac'])).toThrow(/one platform per run/);
  });

  it("keeps only the target's onnxruntime-node folder and libsql package", async () => {
    const { onlyTargetBinaries } = (await import(configPath)) as Config;
    expect(onlyTargetBinaries('win32')).toEqual([
      '!node_modules/onnxruntime-node/bin/napi-v6/!(win32)/**',
      '!node_modules/onnxruntime-node/bin/napi-v6/win32/!(${arch})/**',
      '!node_modules/@libsql/!(win32-${arch}-msvc)/**',
    ]);
    expect(onlyTargetBinaries('linux')[2]).toBe('!node_modules/@libsql/!(linux-${arch}-gnu)/**');
  });
});
