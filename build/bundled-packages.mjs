// A build plugin that records which npm packages went into each bundle (build/generated/bundled-<target>.json),
// so scripts/make-notices.mjs writes the licence notices of exactly what ships, not of everything installed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_DIR = join(ROOT, 'build', 'generated');

/** The package folder (node_modules/<name> or node_modules/@scope/<name>) a module id lies in, or undefined. */
export function packageDirOf(id) {
  const clean = id.replace(/^\0/, '').split('?')[0];
  const at = clean.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return undefined;
  const rest = clean.slice(at + `${sep}node_modules${sep}`.length).split(sep);
  const name = rest[0]?.startsWith('@') ? `${rest[0]}${sep}${rest[1]}` : rest[0];
  return name ? clean.slice(0, at) + `${sep}node_modules${sep}${name}` : undefined;
}

/** @param {string} target main | preload | renderer */
export function bundledPackages(target) {
  return {
    name: 'echoing-bundled-packages',
    apply: 'build',
    generateBundle() {
      const packages = new Map();
      for (const id of this.getModuleIds()) {
        const dir = packageDirOf(id);
        if (!dir || packages.has(dir) || !existsSync(join(dir, 'package.json'))) continue;
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (pkg.name) packages.set(dir, { name: pkg.name, version: pkg.version, dir });
      }
      mkdirSync(GENERATED_DIR, { recursive: true });
      const list = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
      writeFileSync(join(GENERATED_DIR, `bundled-${target}.json`), `${JSON.stringify(list, null, 2)}\n`);
    },
  };
}
