import { spawn } from 'node:child_process';

/**
 * Opens a URL or a folder with the system's handler (`open`, `start`, `xdg-open`), detached. Resolves false when
 * there is none (no display, no desktop): the caller then shows the address or the path instead.
 */
export function openWithSystem(target: string): Promise<boolean> {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [target]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', target]]
        : ['xdg-open', [target]];
  return new Promise((done) => {
    try {
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
      child.once('error', () => done(false));
      child.once('spawn', () => {
        child.unref();
        done(true);
      });
    } catch {
      done(false);
    }
  });
}
