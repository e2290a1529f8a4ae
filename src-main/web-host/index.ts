import { spawn } from 'node:child_process';
import { UsageError } from '../cli/args';
import { parseWebHostArgs, WEB_HOST_USAGE } from './options';
import { startWebHost } from './server';

export { startWebHost, type WebHost, type WebHostOptions } from './server';

/** Opens the page in the system browser; failures (no display, no browser) only mean the URL must be copied. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Nothing to open it with: the printed address is enough.
  }
}

/** `node out/main/web-host.js …`: starts the host, prints its address, stops on Ctrl+C. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseWebHostArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${WEB_HOST_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(WEB_HOST_USAGE);
    return;
  }
  const host = await startWebHost({ port: options.port, roots: options.roots, dataDir: options.dataDir });
  process.stdout.write(`EchoingECG Review web host listening on ${host.origin} (127.0.0.1 only)\n`);
  process.stdout.write(`Open: ${host.url}\n`);
  if (options.open) openBrowser(host.url);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry script, so tests can import startWebHost from the bundle or the source.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`web host failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
