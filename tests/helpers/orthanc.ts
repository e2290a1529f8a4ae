/**
 * A real Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) for the PACS tests and bench: its own temporary
 * folder and config, 127.0.0.1 only, free ports probed at start (other suites run at the same time), the
 * DICOMweb plugin on, and the AE titles it should know. Always `await server.stop()` (afterAll): it sends
 * SIGTERM, waits for the exit (Orthanc takes a few seconds), then SIGKILL if it must.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
export const ORTHANC_AET = 'ORTHANC';

export interface OrthancServer {
  dicomPort: number;
  httpPort: number;
  aet: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The DICOMweb root: origin + /dicom-web */
  dicomWeb: string;
  pid: number;
  upload(bytes: Uint8Array): Promise<void>;
  /** Stops Orthanc (SIGTERM, then SIGKILL after 15 s) and removes its folder unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
  /** Starts it again on the same ports and storage (after `stop(true)` or `kill()`). */
  restart(): Promise<void>;
  /** SIGKILL now (a server that dies mid-transfer); its folder is kept for `restart()`. */
  kill(): void;
  /** True while the Orthanc process runs. */
  running(): boolean;
}

/** A port that was free a moment ago (bind to 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface OrthancOptions {
  /** Known modalities: name -> [AE title, host, port]. */
  modalities?: Record<string, [string, string, number]>;
}

async function waitReady(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}): ${log().slice(-600)}`);
    try {
      const r = await fetch(`${origin}/system`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Orthanc did not start within 45 s: ${log().slice(-600)}`);
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancServer> {
  if (!existsSync(ORTHANC_BIN) || !existsSync(DICOMWEB_PLUGIN)) {
    throw new Error('Orthanc is not installed: apt-get install orthanc orthanc-dicomweb (.ci/run does).');
  }
  const dir = await mkdtemp(join(tmpdir(), 'echoing-orthanc-'));
  const [dicomPort, httpPort] = [await freePort(), await freePort()];
  const config = {
    Name: 'echoing-test',
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: ORTHANC_AET,
    HttpBindAddress: '127.0.0.1',
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomCheckCalledAet: true,
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowFind: false,
    DicomAlwaysAllowGet: false,
    DicomAlwaysAllowMove: false,
    DicomAlwaysAllowStore: false,
    DicomModalities: options.modalities ?? {},
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
    HttpCompressionEnabled: false,
    StorageCompression: false,
    ConcurrentJobs: 1,
  };
  const configPath = join(dir, 'orthanc.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const origin = `http://127.0.0.1:${httpPort}`;
  let child!: ChildProcess;
  let output = '';
  const launch = async () => {
    output = '';
    child = spawn(ORTHANC_BIN, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    await waitReady(origin, child, () => output);
  };
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await launch();
  } catch (error) {
    await stopChild().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dicomPort,
    httpPort,
    aet: ORTHANC_AET,
    origin,
    dicomWeb: `${origin}/dicom-web`,
    get pid() {
      return child.pid ?? -1;
    },
    async upload(bytes) {
      const r = await fetch(`${origin}/instances`, { method: 'POST', body: new Uint8Array(bytes) });
      if (!r.ok) throw new Error(`Orthanc refused an upload: HTTP ${r.status}`);
    },
    async stop(keepData = false) {
      await stopChild();
      if (!keepData) await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
      await launch();
    },
    running: () => child.exitCode === null && child.signalCode === null,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
