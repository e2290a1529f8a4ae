#!/usr/bin/env node
// `npm run app [-- options]`: builds, then starts the desktop app. When the Electron binary is missing it is
// fetched first if the download is reachable (scripts/electron-binary.mjs: a short probe, then Electron's own
// checksum-verified installer). When that cannot happen, or there is no display, it says why and how to fix it,
// and serves the same app to the browser through the web host (127.0.0.1 only) with the shipped sample ECGs.
//   --no-build  start what is already built        --web  the web host even where Electron could start
// Every other option goes to the app (e.g. --data-dir DIR, a file to open) or to the web host.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveElectron } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const own = new Set(['--no-build', '--web']);
const argv = process.argv.slice(2);
const forwarded = argv.filter((a) => !own.has(a));

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

if (!argv.includes('--no-build')) {
  // The steps of `npm run build`, run directly (no npm needed on PATH).
  for (const step of [
    [join(root, 'scripts', 'make-icons.mjs')],
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    [join(root, 'scripts', 'make-notices.mjs')],
  ]) {
    const run = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

let electron;
if (argv.includes('--web')) electron = { reason: '--web was given', fix: '' };
else if (!hasDisplay()) electron = { reason: 'there is no display to show a window on (DISPLAY and WAYLAND_DISPLAY are unset)', fix: '' };
else {
  electron = await resolveElectron({
    pkgDir: join(root, 'node_modules', 'electron'),
    say: (line) => process.stderr.write(`${line}\n`),
  });
}

let command;
let args;
if (electron.path) {
  command = electron.path;
  args = [root, ...forwarded];
  process.stderr.write(`Starting the desktop app (${electron.path}).\n`);
} else {
  process.stderr.write(
    `\nThe desktop app cannot start here: ${electron.reason}.\n` +
      (electron.fix ? `${electron.fix}\n` : '') +
      'Serving the same application to your browser instead (web host, 127.0.0.1 only, per-run access token).\n' +
      'Open the address printed below; the sample ECGs are in the file browser. Stop with Ctrl+C.\n\n',
  );
  command = process.execPath;
  const roots = forwarded.some((a) => a === '--root' || a.startsWith('--root=')) ? [] : ['--root', join(root, 'resources', 'samples'), '--root', process.cwd()];
  args = [join(root, 'out', 'main', 'web-host.js'), ...roots, ...forwarded];
}
const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
