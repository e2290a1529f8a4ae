#!/usr/bin/env node
// Writes the licence notices that ship beside the app (build/generated/licenses/, packaged as resources/licenses):
//   THIRD-PARTY-NOTICES.txt  every npm package bundled into out/ (recorded per bundle by build/bundled-packages.mjs
//                            during `electron-vite build`) and every package shipped unpacked beside app.asar
//                            (build/native-modules.mjs), with its licence text
//   REFERENCE-PACK.txt       the bundled model pack's licence and provenance, from its manifest
// Electron's own licences (LICENSE, LICENSES.chromium.html) come with the Electron distribution itself.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_FILES, libsqlTarget, RUNTIME_PACKAGES } from '../build/native-modules.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATED = join(ROOT, 'build', 'generated');
const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.|$)/i;

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function licenceTexts(dir) {
  return readdirSync(dir)
    .filter((f) => LICENCE_FILE.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').trim());
}

/** The packages that ship: bundled ones (per the build's records) and the unpacked native ones. */
export function shippedPackages(platform = process.platform, arch = process.arch) {
  const found = new Map();
  for (const target of ['main', 'preload', 'renderer']) {
    const record = join(GENERATED, `bundled-${target}.json`);
    if (!existsSync(record)) throw new Error(`${record} is missing: run \`electron-vite build\` first.`);
    for (const p of readJson(record)) found.set(`${p.name}@${p.version}`, p.dir);
  }
  for (const name of [...RUNTIME_PACKAGES, libsqlTarget(platform, arch), ...Object.keys(DATA_FILES)]) {
    const dir = join(ROOT, 'node_modules', name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = readJson(join(dir, 'package.json'));
    found.set(`${pkg.name}@${pkg.version}`, dir);
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function makeNotices(outDir = join(GENERATED, 'licenses')) {
  const app = readJson(join(ROOT, 'package.json'));
  const sections = shippedPackages().map(([id, dir]) => {
    const pkg = readJson(join(dir, 'package.json'));
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see text');
    const texts = licenceTexts(dir);
    const body = texts.length > 0 ? texts.join('\n\n') : `(${pkg.name} ships no licence file; its package.json states: ${licence})`;
    return `${'='.repeat(78)}\n${id}  (${licence})${pkg.homepage ? `\n${pkg.homepage}` : ''}\n${'-'.repeat(78)}\n${body}\n`;
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'THIRD-PARTY-NOTICES.txt'),
    `${app.productName} ${app.version} includes the following third-party software.\n\n${sections.join('\n')}`,
  );
  const manifest = readJson(join(ROOT, 'models', 'reference', 'manifest.json'));
  writeFileSync(
    join(outDir, 'REFERENCE-PACK.txt'),
    [
      `${manifest.name} ${manifest.version} (${manifest.id}), bundled model pack`,
      '',
      `Licence: ${manifest.licence}`,
      `Clinical use: ${manifest.clinicalUseStatement}`,
      `Trained on: ${manifest.trainedOn}`,
      '',
      'How it was made: models/reference/README.md in the source repository.',
      '',
    ].join('\n'),
  );
  return sections.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = makeNotices();
  process.stdout.write(`notices: ${n} packages in build/generated/licenses/THIRD-PARTY-NOTICES.txt\n`);
}
