import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness';

// Checks on the built output (`npm run test:e2e` builds first): what each bundle may load at run time.
const out = join(REPO_ROOT, 'out');

describe('built bundles', () => {
  it('produces the main, CLI, web host, worker, preload and renderer entries', () => {
    for (const file of ['main/main.js', 'main/cli.js', 'main/web-host.js', 'main/preprocess-worker.js', 'main/cohort-worker.js', 'preload/preload.js', 'renderer/index.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
  });

  it('keeps the sandboxed preload self-contained: it may require only electron', () => {
    const preload = readFileSync(join(out, 'preload', 'preload.js'), 'utf8');
    const required = [...preload.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/["']node:/);
  });

  it('keeps Node and main-side code out of the renderer bundle', () => {
    const assets = join(out, 'renderer', 'assets');
    const js = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    expect(js).not.toMatch(/require\(["'](node:|fs|path|electron)/);
    expect(js).not.toContain('ipcRenderer');
    // zod lives in main (validation happens there); the renderer imports only contract types.
    expect(js).not.toContain('ZodError');
  });

  it('ships the strict CSP in the page', () => {
    const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("script-src 'self'");
  });
});
