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

describe('packaging fuses: the binary check', () => {
  it('tells a real Electron (fuse wire), the marked stand-in, and anything else apart', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const mod = (await import(afterPackPath)) as { binaryKind: (p: string) => string; STAND_IN_MARKER: string };
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(mod.binaryKind(file('real', '\0\0dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\x01\x30\x31'))).toBe('electron');
    expect(mod.binaryKind(file('stand-in', `#!/bin/sh\n# ${mod.STAND_IN_MARKER}\n`))).toBe('stand-in');
    expect(mod.binaryKind(file('other', '#!/bin/sh\necho hi\n'))).toBe('unknown');
  });
});

describe('packaging: the target platform native binaries', () => {
  it("names what is missing from the package (a macOS build made where libsql's darwin package is not installed)", async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const mod = (await import(afterPackPath)) as { missingNativeBinaries: (c: unknown) => string[] };
    const out = mkdtempSync(join(tmpdir(), 'natives-'));
    const unpacked = join(out, 'EchoingECG Review.app/Contents/Resources/app.asar.unpacked/node_modules');
    mkdirSync(join(unpacked, 'onnxruntime-node/bin/napi-v6/darwin/arm64'), { recursive: true });
    writeFileSync(join(unpacked, 'onnxruntime-node/bin/napi-v6/darwin/arm64/onnxruntime_binding.node'), '');
    const ctx = { electronPlatformName: 'darwin', arch: 3, appOutDir: out, packager: { appInfo: { productFilename: 'EchoingECG Review' } } };
    expect(mod.missingNativeBinaries(ctx)).toEqual([join('@libsql/darwin-arm64', 'index.node')]);
    mkdirSync(join(unpacked, '@libsql/darwin-arm64'), { recursive: true });
    writeFileSync(join(unpacked, '@libsql/darwin-arm64/index.node'), '');
    expect(mod.missingNativeBinaries(ctx)).toEqual([]);
  });
});
