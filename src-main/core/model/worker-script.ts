import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let override: string | undefined;

/** Points the runtime at a built worker script (tests of the built path, unusual layouts). */
export function setWorkerScript(path: string | undefined): void {
  override = path;
}

/**
 * The built worker (out/main/preprocess-worker.js): next to the bundled code, or one folder up when the
 * bundler placed this module in a chunk folder. Undefined when running from sources.
 */
export function findWorkerScript(): string | undefined {
  if (override) return override;
  if (typeof __dirname !== 'string') return undefined;
  for (const dir of [__dirname, dirname(__dirname)]) {
    const p = join(dir, 'preprocess-worker.js');
    if (existsSync(p)) return p;
  }
  return undefined;
}
