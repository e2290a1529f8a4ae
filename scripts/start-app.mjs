#!/usr/bin/env node
// `npm run app`: builds, then starts the desktop app when the Electron binary is present, and otherwise
// explains why and serves the same app to the browser through the web host (127.0.0.1 only).
// The electron package's own entry is never required: it would try to download the binary, and nothing may
// download at run time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forwarded = process.argv.slice(2);

/** Path of the Electron executable if it is installed, else undefined (with the reason). */
function findElectron() {
  const pkg = join(root, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return existsSync(candidate) ? { path: candidate } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${relative ?? 'electron'}` };
  }
  if (!relative) return { reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const candidate = join(pkg, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { reason: `${candidate} does not exist` };
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = findElectron();
let command;
let args;
if (electron.path && hasDisplay()) {
  command = electron.path;
  args = [root, ...forwarded];
} else {
  const why = electron.path ? 'there is no display to show a window on' : electron.reason;
  process.stderr.write(
    `\nThe desktop app cannot start here: ${why}.\n` +
      'Serving the same application to your browser instead (web host, 127.0.0.1 only, per-run access token).\n' +
      'Open the address printed below. Stop with Ctrl+C.\n\n',
  );
  command = process.execPath;
  args = [join(root, 'out', 'main', 'web-host.js'), ...forwarded];
}
const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
