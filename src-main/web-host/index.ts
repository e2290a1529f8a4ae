import { join } from 'node:path';
import { UsageError } from '../cli/args';
import { logDir } from '../core/app-paths';
import { initFileLogging, log } from '../core/log/logger';
import { setLogRoots } from '../core/log/redact';
import { openWithSystem } from './open-external';
import { parseWebHostArgs, WEB_HOST_USAGE } from './options';
import { startWebHost } from './server';

export { startWebHost, type WebHost, type WebHostOptions } from './server';

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
  initFileLogging({ program: 'web-host', dir: logDir() });
  setLogRoots({ app: join(__dirname, '../..'), data: options.dataDir, logs: logDir() });
  const host = await startWebHost({ port: options.port, roots: options.roots, dataDir: options.dataDir });
  log.info(`web host listening on port ${host.port}`);
  process.stdout.write(`EchoingECG Review web host listening on ${host.origin} (127.0.0.1 only)\n`);
  process.stdout.write(`Open: ${host.url}\n`);
  // No browser to open (no display): the printed address is enough.
  if (options.open) void openWithSystem(host.url);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry script, so tests can import startWebHost from the bundle or the source.
if (require.main === module) {
  main().catch((error: unknown) => {
    log.error('web host failed to start:', error);
    process.stderr.write(`web host failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
