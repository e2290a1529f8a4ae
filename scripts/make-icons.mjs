#!/usr/bin/env node
// Renders every icon from the one committed source, resources/icon.svg, into build/icons/ (not committed):
//   png/<n>x<n>.png  the Linux icon set (electron-builder's linux.icon; hicolor sizes) and the window icon (512)
//   icon.ico         Windows (16-256, each size rendered from the SVG, not scaled from one bitmap)
//   icon.icns        macOS (icp4-ic10 and the @2x types)
// Only npm packages, nothing downloaded: @resvg/resvg-js ships its renderer prebuilt in per-platform npm
// packages; png-to-ico and @fiahfy/icns are plain JavaScript. Usage: node scripts/make-icons.mjs [--out DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

const require = createRequire(import.meta.url);
const { Icns, IcnsImage } = require('@fiahfy/icns');

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SOURCE = join(ROOT, 'resources', 'icon.svg');
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

/** One size, rendered from the vector source (crisp at 16 px, unlike a downscaled bitmap). */
function render(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/** Writes the icon set under `outDir`; returns the files written. */
export async function makeIcons(outDir = join(ROOT, 'build', 'icons')) {
  const svg = readFileSync(ICON_SOURCE);
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
  const png = new Map(sizes.map((s) => [s, render(svg, s)]));
  mkdirSync(join(outDir, 'png'), { recursive: true });
  const written = [];
  const write = (name, data) => {
    writeFileSync(join(outDir, name), data);
    written.push(join(outDir, name));
  };
  for (const s of LINUX_SIZES) write(join('png', `${s}x${s}.png`), png.get(s));
  write('icon.png', png.get(512));
  write('icon.ico', await pngToIco(ICO_SIZES.map((s) => png.get(s))));
  const icns = new Icns();
  for (const [type, s] of ICNS_TYPES) icns.append(IcnsImage.fromPNG(png.get(s), type));
  write('icon.icns', icns.data);
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? process.argv[i + 1] : undefined;
  const files = await makeIcons(out);
  process.stdout.write(`icons: ${files.length} files from resources/icon.svg in ${dirname(files[0])}\n`);
}
