import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// build/after-pack.mjs is plain ESM for electron-builder; import it by path so TypeScript does not resolve it.
const afterPackPath = join(__dirname, '../../../build/after-pack.mjs');

describe('packaging fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS and inspect; turns on ASAR integrity and ASAR-only loading', async () => {
    const { FuseV1Options } = await import('@electron/fuses');
    const mod = (await import(afterPackPath)) as { FUSES: Record<number, unknown> };
    expect(mod.FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(mod.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(mod.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(mod.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(mod.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(mod.FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('finds the packaged executable per platform', async () => {
    const mod = (await import(afterPackPath)) as { executablePath: (c: unknown) => string };
    const ctx = (platform: string) => ({
      electronPlatformName: platform,
      appOutDir: '/o',
      packager: { appInfo: { productFilename: 'EchoingECG Review' }, executableName: 'echoing-ecg-review' },
    });
    expect(mod.executablePath(ctx('darwin'))).toBe('/o/EchoingECG Review.app');
    expect(mod.executablePath(ctx('win32'))).toBe('/o/EchoingECG Review.exe');
    expect(mod.executablePath(ctx('linux'))).toBe('/o/echoing-ecg-review');
  });
});
