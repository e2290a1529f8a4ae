/**
 * `npm run app` (scripts/start-app.mjs, scripts/electron-binary.mjs): starts the desktop app through a stand-in
 * Electron (ELECTRON_OVERRIDE_DIST_PATH), fetches a missing binary when the download answers (a local mirror and
 * a stand-in installer here), and falls back to the web host within seconds when the download does not answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'echoing-start-app-'));
type Resolved = { path?: string; fetched?: boolean; reason?: string; fix?: string };
type Binary = {
  resolveElectron: (o: { pkgDir: string; env: NodeJS.ProcessEnv; probeTimeoutMs?: number; say?: (l: string) => void }) => Promise<Resolved>;
  downloadUrl: (v: string, env: NodeJS.ProcessEnv, platform?: string, arch?: string) => string;
};
const binaryModule = '../../../scripts/electron-binary.mjs';
const load = async () => (await import(binaryModule)) as Binary;

/** A server that accepts connections and never answers: an unreachable download that does not fail fast. */
let blackHole: Server;
const sockets: Socket[] = [];
/** A mirror that answers HEAD with 200, as GitHub does for a release asset. */
let mirror: Server;
const port = (s: Server) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  blackHole = createServer(() => undefined);
  blackHole.on('connection', (s) => sockets.push(s));
  mirror = createServer((req, res) => res.writeHead(req.method === 'HEAD' ? 200 : 404).end());
  await Promise.all([blackHole, mirror].map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()))));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([blackHole, mirror].map((s) => new Promise((ok) => s.close(ok))));
  rmSync(work, { recursive: true, force: true });
});

/** A stand-in electron package: its version, and an install.js that "downloads" by writing dist/ (or fails). */
function fakeElectronPackage(name: string, installWorks: boolean): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(
    join(dir, 'install.js'),
    installWorks
      ? `const fs=require('fs'),p=require('path');fs.mkdirSync(p.join(__dirname,'dist'),{recursive:true});` +
          `fs.writeFileSync(p.join(__dirname,'dist','electron'),'#!/bin/sh\\n');fs.writeFileSync(p.join(__dirname,'path.txt'),'electron');`
      : 'process.exit(1);',
  );
  return dir;
}

/** A stand-in Electron distribution whose binary records how it was started. */
function standInDist(): { dir: string; record: string } {
  const dir = join(work, 'dist');
  const record = join(work, 'launched.json');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'electron'),
    `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));\n`,
  );
  chmodSync(join(dir, 'electron'), 0o755);
  return { dir, record };
}

describe('npm run app', () => {
  it.skipIf(process.platform === 'win32')('starts the desktop app with the app folder through ELECTRON_OVERRIDE_DIST_PATH', () => {
    const { dir, record } = standInDist();
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start-app.mjs'), '--no-build', '--data-dir', '/tmp/x'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':99' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Starting the desktop app (${join(dir, 'electron')})`);
    const launched = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string };
    expect(launched.argv).toEqual([ROOT, '--data-dir', '/tmp/x']);
    expect(launched.cwd).toBe(ROOT);
  });

  it('fetches a missing binary when the download answers, with the package\u2019s own installer', async () => {
    const { resolveElectron, downloadUrl } = await load();
    const pkgDir = fakeElectronPackage('electron-fetchable', true);
    const env = { PATH: process.env.PATH, ELECTRON_MIRROR: `http://127.0.0.1:${port(mirror)}/`, electron_config_cache: join(work, 'cache') };
    expect(downloadUrl('45.4.1', env, 'linux', 'x64')).toBe(`http://127.0.0.1:${port(mirror)}/v45.4.1/electron-v45.4.1-linux-x64.zip`);
    const said: string[] = [];
    const result = await resolveElectron({ pkgDir, env, probeTimeoutMs: 2000, say: (l) => said.push(l) });
    expect(result).toEqual({ path: join(pkgDir, 'dist', 'electron'), fetched: true });
    expect(said.join('\n')).toMatch(/Fetching Electron 45\.4\.1/);
  });

  it('falls back within seconds, with the reason and the fix, when the download does not answer', async () => {
    const { resolveElectron } = await load();
    const pkgDir = fakeElectronPackage('electron-unreachable', true);
    const env = { PATH: process.env.PATH, ELECTRON_MIRROR: `http://127.0.0.1:${port(blackHole)}/`, electron_config_cache: join(work, 'cache') };
    const started = performance.now();
    const result = await resolveElectron({ pkgDir, env, probeTimeoutMs: 1500 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.path).toBeUndefined();
    expect(result.reason).toMatch(/not installed and 127\.0\.0\.1:\d+ could not be reached \(no answer within 1\.5 s\)/);
    expect(result.fix).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
    expect(result.fix).toContain('electron-v45.4.1-');
    expect(existsSync(join(pkgDir, 'dist'))).toBe(false);
  });

  it('says so when ELECTRON_OVERRIDE_DIST_PATH has no Electron in it', async () => {
    const { resolveElectron } = await load();
    const result = await resolveElectron({ pkgDir: fakeElectronPackage('electron-any', false), env: { ELECTRON_OVERRIDE_DIST_PATH: work } });
    expect(result.reason).toMatch(/ELECTRON_OVERRIDE_DIST_PATH=.* has no electron/);
  });

  it.skipIf(existsSync(join(ROOT, 'node_modules/electron/path.txt')))(
    'serves the web host, within seconds, when the real binary is missing and the download does not answer',
    async () => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts/start-app.mjs'), '--no-build', '--no-open', '--port', '0'], {
        cwd: ROOT,
        env: { ...process.env, DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: '', ELECTRON_MIRROR: `http://127.0.0.1:${port(blackHole)}/`, ECHOING_ELECTRON_PROBE_TIMEOUT_MS: '1500', electron_config_cache: join(work, 'cache') },
        detached: true,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const started = performance.now();
      try {
        await expect.poll(() => out, { timeout: 20_000, interval: 100 }).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
        expect(performance.now() - started).toBeLessThan(20_000);
        expect(out).toMatch(/The desktop app cannot start here: the Electron binary is not installed and 127\.0\.0\.1:\d+ could not be reached/);
        expect(out).toContain('ELECTRON_OVERRIDE_DIST_PATH=/that/folder npm run app');
        const url = /Open: (\S+)/.exec(out)?.[1] as string;
        expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
      } finally {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      }
    },
  );
});
