// Finds the Electron binary for `npm run app` (scripts/start-app.mjs), fetching it first when it is missing and
// the download is reachable. Electron 45 no longer downloads at `npm ci`; its own `install.js` (@electron/get,
// checksum-verified, cached) does it on first use. The reachability probe is short, so a machine without
// network falls back to the web host within seconds instead of hanging. Development tooling only: the app itself
// never downloads anything at run time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix } from 'node:path';

export const PROBE_TIMEOUT_ENV = 'ECHOING_ELECTRON_PROBE_TIMEOUT_MS';
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/** Where the executable sits inside an Electron distribution (what the electron package writes to path.txt). */
export function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The zip @electron/get would fetch, honouring the same mirror variables (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, .npmrc). */
export function downloadUrl(version, env = process.env, platform = process.platform, arch = process.arch) {
  const pick = (name) => env[`npm_config_electron_${name}`] ?? env[`ELECTRON_${name.toUpperCase()}`];
  const base = pick('mirror') ?? DEFAULT_MIRROR;
  const dir = (pick('custom_dir') ?? `v${version}`).replace('{{ version }}', version);
  const file = pick('custom_filename') ?? `electron-v${version}-${platform}-${arch}.zip`;
  return `${base}${dir}/${file}`;
}

/** The zip in @electron/get's cache (electron_config_cache, else the platform cache folder), if it is there. */
export function cachedZip(url, env = process.env, platform = process.platform, home = homedir()) {
  const root =
    env.electron_config_cache ??
    (platform === 'darwin'
      ? join(home, 'Library', 'Caches', 'electron')
      : platform === 'win32'
        ? join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache')
        : join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'electron'));
  const parsed = new URL(url);
  const file = posix.basename(parsed.pathname);
  parsed.hash = '';
  parsed.search = '';
  parsed.pathname = posix.dirname(parsed.pathname);
  const path = join(root, createHash('sha256').update(parsed.toString()).digest('hex'), file);
  return existsSync(path) ? path : undefined;
}

/** Whether the download answers within the timeout (a HEAD request, redirects followed). */
export async function probe(url, timeoutMs) {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) return { ok: true };
    return { ok: false, reason: `${new URL(url).host} answered ${response.status} for ${posix.basename(new URL(url).pathname)}` };
  } catch (error) {
    const cause = error?.cause?.code ?? error?.name ?? 'error';
    const why = cause === 'TimeoutError' || cause === 'AbortError' ? `no answer within ${(timeoutMs / 1000).toFixed(1)} s` : cause;
    return { ok: false, reason: `${new URL(url).host} could not be reached (${why})` };
  }
}

/** The installed binary of an electron package folder, if its dist matches the package version. */
export function installedBinary(pkgDir, platform = process.platform) {
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath(platform);
  const candidate = join(pkgDir, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

function runInstall(pkgDir, env, timeoutMs) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, env, stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done(code === 0 ? { ok: true } : { ok: false, reason: signal ? `the download was stopped after ${timeoutMs / 1000} s` : `install.js exited ${code}` });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, reason: error.message });
    });
  });
}

/** What to tell someone whose machine could not get the binary. */
export function fixText(version, url) {
  return [
    'To start the desktop app here, either:',
    `  - run \`npm run app\` where ${new URL(url).host} is reachable (or set ELECTRON_MIRROR to a mirror that is), or`,
    `  - unzip ${posix.basename(new URL(url).pathname)} (Electron ${version}) into a folder and start with`,
    '    ELECTRON_OVERRIDE_DIST_PATH=/that/folder npm run app',
  ].join('\n');
}

/**
 * The Electron executable to start, or why there is none and how to fix it:
 *  1. ELECTRON_OVERRIDE_DIST_PATH (a local, unzipped Electron) when set;
 *  2. the electron package's installed binary;
 *  3. otherwise fetched with the package's own install.js when the zip is cached or the download answers the
 *     probe within `probeTimeoutMs` (ELECTRON_SKIP_BINARY_DOWNLOAD turns fetching off).
 * @returns {Promise<{ path: string, fetched?: boolean } | { reason: string, fix: string }>}
 */
export async function resolveElectron({ pkgDir, env = process.env, platform = process.platform, arch = process.arch, probeTimeoutMs, installTimeoutMs = 600_000, say = () => {} }) {
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const url = downloadUrl(version, env, platform, arch);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, platformPath(platform));
    if (existsSync(candidate)) return { path: candidate };
    return { reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} has no ${platformPath(platform)}`, fix: fixText(version, url) };
  }
  const installed = installedBinary(pkgDir, platform);
  if (installed) return { path: installed };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set', fix: fixText(version, url) };
  }
  if (!cachedZip(url, env, platform)) {
    const timeout = probeTimeoutMs ?? (Number(env[PROBE_TIMEOUT_ENV]) || DEFAULT_PROBE_TIMEOUT_MS);
    say(`The Electron ${version} binary is not installed yet; checking ${new URL(url).host} ...`);
    const reachable = await probe(url, timeout);
    if (!reachable.ok) return { reason: `the Electron binary is not installed and ${reachable.reason}`, fix: fixText(version, url) };
  }
  say(`Fetching Electron ${version} (once; checksum-verified and cached by @electron/get) ...`);
  const installedNow = await runInstall(pkgDir, env, installTimeoutMs);
  const path = installedBinary(pkgDir, platform);
  if (installedNow.ok && path) return { path, fetched: true };
  return { reason: `fetching the Electron binary failed (${installedNow.reason ?? 'no binary after install'})`, fix: fixText(version, url) };
}
