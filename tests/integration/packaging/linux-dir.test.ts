/**
 * The packaging test that runs offline: electron-builder's `--linux dir` target with the real configuration
 * (build/electron-builder.config.mjs) and a stand-in Electron made here (an executable named like Electron that
 * records how it was started), then checks what would ship. Needs the built app (`npm run build`: out/, icons,
 * licence notices), which `npm ci` makes through `prepare`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILES, libsqlTarget, RUNTIME_PACKAGES } from '../../../build/native-modules.mjs';

const ROOT = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'echoing-packaging-'));
const standIn = join(work, 'electron-dist');
const output = join(work, 'dist');
const app = join(output, 'linux-unpacked');
const resources = join(app, 'resources');
const record = join(work, 'stand-in-argv.txt');

interface AsarHeader {
  files?: Record<string, AsarHeader>;
  unpacked?: boolean;
  size?: number;
}

/** Every file in an ASAR header, with whether it is packed or unpacked. */
function asarFiles(header: AsarHeader, prefix = ''): { path: string; unpacked: boolean }[] {
  return Object.entries(header.files ?? {}).flatMap(([name, node]) =>
    node.files ? asarFiles(node, `${prefix}${name}/`) : [{ path: `${prefix}${name}`, unpacked: node.unpacked === true }],
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

const bytesIn = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

let buildLog = '';
let buildSeconds = 0;
let asar: { path: string; unpacked: boolean }[] = [];

beforeAll(() => {
  for (const built of ['out/main/main.js', 'out/renderer/index.html', 'build/icons/icon.png', 'build/generated/licenses/THIRD-PARTY-NOTICES.txt']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  }
  // The stand-in: a shell script where Electron's binary would be, marked so the fuses step recognises it.
  mkdirSync(standIn, { recursive: true });
  writeFileSync(
    join(standIn, 'electron'),
    `#!/bin/sh\n# ECHOING_ECG_STAND_IN_ELECTRON\nprintf '%s\\n' "$@" > "${record}"\nexit "\${STAND_IN_EXIT:-0}"\n`,
  );
  chmodSync(join(standIn, 'electron'), 0o755);
  writeFileSync(join(standIn, 'version'), '45.4.1');
  writeFileSync(join(standIn, 'LICENSE'), 'stand-in for Electron LICENSE');
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--config', 'build/electron-builder.config.mjs', '--linux', 'dir', '--x64',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${output}`,
      `-c.afterPack=${join(__dirname, 'after-pack-probe.mjs')}`,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } },
  );
  buildSeconds = (performance.now() - started) / 1000;
  buildLog = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`electron-builder failed (${run.status}):\n${buildLog}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getRawHeader } = require('@electron/asar') as { getRawHeader: (p: string) => { header: AsarHeader } };
  asar = asarFiles(getRawHeader(join(resources, 'app.asar')).header);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --linux dir with a stand-in Electron', () => {
  it('runs the fuses step, which recognises the stand-in and says it skipped', () => {
    expect(buildLog).toMatch(/stand-in Electron: fuses skipped/);
    expect(statSync(join(app, 'echoing-ecg-review')).mode & 0o111).not.toBe(0);
  });

  it('packs out/ and package.json only into app.asar; node_modules only unpacked', () => {
    const packed = asar.filter((f) => !f.unpacked).map((f) => f.path);
    expect(packed).toContain('package.json');
    expect(packed).toContain('out/main/main.js');
    expect(packed).toContain('out/renderer/index.html');
    expect(packed.filter((p) => p !== 'package.json' && !p.startsWith('out/'))).toEqual([]);
    const unpacked = asar.filter((f) => f.unpacked).map((f) => f.path);
    expect(unpacked.every((p) => p.startsWith('node_modules/'))).toBe(true);
  });

  it('ships only the native modules and their run-time packages, binaries for linux-x64 only', () => {
    const shipped = new Set(
      asar.filter((f) => f.path.startsWith('node_modules/')).map((f) => f.path.split('/').slice(1, f.path.split('/')[1]?.startsWith('@') ? 3 : 2).join('/')),
    );
    expect([...shipped].sort()).toEqual([...RUNTIME_PACKAGES, libsqlTarget('linux', 'x64'), ...Object.keys(DATA_FILES)].sort());
    const fonts = asar.filter((f) => f.path.startsWith('node_modules/dejavu-fonts-ttf/')).map((f) => f.path.slice('node_modules/dejavu-fonts-ttf/'.length));
    expect(fonts.sort()).toEqual([...(DATA_FILES['dejavu-fonts-ttf'] ?? [])].sort());
    const binaries = walk(join(resources, 'app.asar.unpacked')).map((f) => relative(resources, f)).filter((f) => /\.(node|so(\.\d+)*|dll|dylib)$/.test(f));
    expect(binaries.sort()).toEqual([
      'app.asar.unpacked/node_modules/@libsql/linux-x64-gnu/index.node',
      'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
      'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    ]);
  });

  it('keeps the model packs outside the ASAR with every file matching its manifest hash', () => {
    const packs = readdirSync(join(resources, 'models'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(packs.map((d) => d.name)).toContain('reference');
    for (const pack of packs) {
      const manifest = JSON.parse(readFileSync(join(resources, 'models', pack.name, 'manifest.json'), 'utf8')) as {
        files: { path: string; sha256: string; bytes: number }[];
      };
      for (const file of manifest.files) {
        const bytes = readFileSync(join(resources, 'models', pack.name, file.path));
        expect(bytes.length, file.path).toBe(file.bytes);
        expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
      }
    }
    expect(asar.some((f) => f.path.includes('models/'))).toBe(false);
  });

  it('installs a desktop entry with MimeType, MedicalSoftware and the icon set', () => {
    const probe = JSON.parse(readFileSync(join(output, 'linux-probe.json'), 'utf8')) as {
      desktopEntry: string;
      icons: { file: string; size: number }[];
      desktopFileName: string;
    };
    const entry = Object.fromEntries(
      probe.desktopEntry.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(probe.desktopFileName).toBe('echoing-ecg-review');
    expect(entry).toMatchObject({ Name: 'EchoingECG Review', Type: 'Application', Icon: 'echoing-ecg-review', StartupWMClass: 'echoing-ecg-review' });
    expect(entry.Categories).toBe('Science;MedicalSoftware;');
    expect(entry.Exec).toMatch(/echoing-ecg-review" %U$/);
    for (const mime of ['application/dicom', 'application/x-scp-ecg', 'application/x-wfdb-header', 'application/x-edf', 'application/x-hl7-aecg+xml', 'application/x-ge-muse-ecg+xml', 'application/x-philips-sierra-ecg+xml']) {
      expect(entry.MimeType?.split(';'), mime).toContain(mime);
    }
    expect(probe.icons.map((i) => i.size).sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
  });

  it('ships the resources: window icon, samples, licence notices, the CLI launcher and the ECG MIME types', () => {
    const png = readFileSync(join(resources, 'icons/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(readdirSync(join(resources, 'samples')).sort()).toEqual([
      'ATTRIBUTION.md', 'dicom-12-lead.dcm', 'hl7-aecg.xml', 'philips-sierra-1.04.xml', 'ptbxl-HR06000.hea', 'ptbxl-HR06000.mat',
    ]);
    const notices = readFileSync(join(resources, 'licenses/THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const pkg of ['onnxruntime-node@', 'libsql@', 'react@', 'zod@', 'electron-log@', '@mantine/core@', 'pdfkit@', 'dejavu-fonts-ttf@']) expect(notices).toContain(pkg);
    expect(readFileSync(join(resources, 'licenses/REFERENCE-PACK.txt'), 'utf8')).toMatch(/Not for clinical use/);
    expect(statSync(join(resources, 'bin/echoing-ecg')).mode & 0o111).not.toBe(0);
    const mime = readFileSync(join(resources, 'linux/echoing-ecg-review-mime.xml'), 'utf8');
    expect(mime).toContain('<root-XML namespaceURI="urn:hl7-org:v3" localName="AnnotatedECG"/>');
  });

  it('ships nothing from tests/, bench/, models/tools and no source maps', () => {
    const everything = [...walk(app).map((f) => relative(app, f)), ...asar.map((f) => `app.asar/${f.path}`)];
    const stray = everything.filter((p) => /(^|\/)(tests|bench)\/|models\/tools|\.map$|__pycache__/.test(p));
    expect(stray).toEqual([]);
  });

  it('the echoing-ecg launcher runs the app binary as the CLI and passes its exit code back', () => {
    const run = spawnSync(join(resources, 'bin/echoing-ecg'), ['inspect', '--json', 'a b.dcm'], {
      encoding: 'utf8',
      env: { ...process.env, STAND_IN_EXIT: '3' },
    });
    expect(run.status).toBe(3);
    const argv = readFileSync(record, 'utf8').trimEnd().split('\n');
    expect(argv.slice(argv.indexOf('--cli'))).toEqual(['--cli', 'inspect', '--json', 'a b.dcm']);
  });

  it('runs from what ships: the packaged code with only the shipped node_modules predicts, scores a cohort and writes a PDF', () => {
    // Electron itself cannot run here; Node runs the same bundle from the extracted ASAR (+ its unpacked files).
    const extracted = join(work, 'extracted');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('@electron/asar') as { extractAll: (a: string, d: string) => void }).extractAll(join(resources, 'app.asar'), extracted);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(extracted, 'out/main/cli.js'), ...args], {
        cwd: work,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, ORT_DISABLE_TELEMETRY: '1', NODE_PATH: '' },
      });
    const model = join(resources, 'models/reference');
    const predict = cli('predict', '--json', '--model', model, join(resources, 'samples/dicom-12-lead.dcm'));
    expect(predict.status, predict.stderr).toBe(0);
    expect((JSON.parse(predict.stdout) as { ok: boolean }[])[0]?.ok).toBe(true);
    const score = cli('cohort', 'score', join(resources, 'samples'), '--db', join(work, 'c.db'), '--model', model);
    expect(score.status, score.stderr).toBe(0);
    expect(score.stdout).toMatch(/scored 4 skipped 0 failed 0/);
    const pdf = join(work, 'report.pdf');
    const report = cli('report', join(resources, 'samples/dicom-12-lead.dcm'), '--out', pdf, '--ai', '--model', model);
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reports the sizes', () => {
    const all = walk(app);
    const sizes = {
      target: 'linux-x64 dir (stand-in Electron; a real Electron 45 adds its own ~250 MB)',
      totalWithoutElectron: bytesIn(all) - statSync(join(app, 'echoing-ecg-review')).size,
      appAsar: statSync(join(resources, 'app.asar')).size,
      unpackedNativeModules: bytesIn(walk(join(resources, 'app.asar.unpacked'))),
      modelPacks: bytesIn(walk(join(resources, 'models'))),
      buildSeconds: Number(buildSeconds.toFixed(1)),
    };
    mkdirSync(join(ROOT, 'test-output', 'packaging'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output', 'packaging', 'linux-dir-sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
    console.log(
      `packaging (linux-x64 dir): app without Electron ${mb(sizes.totalWithoutElectron)}, app.asar ${mb(sizes.appAsar)}, ` +
        `native modules ${mb(sizes.unpackedNativeModules)}, model packs ${mb(sizes.modelPacks)}; electron-builder ${sizes.buildSeconds} s`,
    );
    expect(sizes.appAsar).toBeLessThan(20 * 1024 * 1024);
    // All platforms' onnxruntime binaries alone were 290 MB; linux-x64's are ~45 MB.
    expect(sizes.unpackedNativeModules).toBeLessThan(80 * 1024 * 1024);
  });
});
