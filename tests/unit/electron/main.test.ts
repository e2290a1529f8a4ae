import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const log = (name: string) => vi.fn(() => void calls.push(name));
const appHandlers = new Map<string, (...args: unknown[]) => void>();
const windows: { webContents: { send: ReturnType<typeof vi.fn> } }[] = [];
let coreDeps: { transport: string; dataDir: string; pickPaths?: unknown; takeLaunchFiles?: () => { name: string; kind: string }[] } | undefined;

const app = {
  enableSandbox: log('enableSandbox'),
  requestSingleInstanceLock: vi.fn(() => {
    calls.push('lock');
    return true;
  }),
  whenReady: vi.fn(() => {
    calls.push('whenReady');
    return Promise.resolve();
  }),
  on: vi.fn((name: string, handler: (...args: unknown[]) => void) => {
    calls.push(`app.on ${name}`);
    appHandlers.set(name, handler);
  }),
  setPath: vi.fn((name: string, path: string) => calls.push(`setPath ${name} ${path}`)),
  getPath: vi.fn(() => '/tmp/user-data'),
  getAppPath: vi.fn(() => '/app'),
  getVersion: vi.fn(() => '0.1.0'),
  isPackaged: false,
  quit: vi.fn(),
  exit: vi.fn((code: number) => calls.push(`exit ${code}`)),
  dock: undefined,
};

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => windows;
    static getFocusedWindow = () => null;
    webContents = { send: vi.fn() };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      calls.push(`window sandbox=${String(options.webPreferences.sandbox)}`);
      windows.push(this);
    }
    loadURL = vi.fn((url: string) => {
      calls.push(`load ${url}`);
      return Promise.resolve();
    });
    once = vi.fn();
    isDestroyed = () => false;
    isMinimized = () => false;
    focus = vi.fn(() => calls.push('focus'));
  }
  return {
    app,
    protocol: { registerSchemesAsPrivileged: log('registerScheme'), handle: log('protocol.handle') },
    session: {
      defaultSession: {
        setPermissionRequestHandler: log('permissions'),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: log('onBeforeRequest') },
      },
    },
    ipcMain: { handle: vi.fn((name: string) => calls.push(`ipc ${name}`)), removeHandler: vi.fn() },
    Menu: { setApplicationMenu: log('menu'), buildFromTemplate: vi.fn((t: unknown) => t) },
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn(), openPath: vi.fn(async () => '') },
  };
});

// The real core would load model packs and open the cohort database; the entry's wiring is what is tested.
vi.mock('../../../src-main/core/api', () => ({
  createCoreHandlers: vi.fn((deps: NonNullable<typeof coreDeps>) => {
    coreDeps = deps;
    calls.push(`core transport=${deps.transport} dialog=${typeof deps.pickPaths}`);
    return {};
  }),
}));

const FIXTURES = join(__dirname, '../../fixtures/ecg');
const DICOM = join(FIXTURES, 'dicom/pydicom_waveform_ecg.dcm');

async function loadMain(argv: string[]) {
  vi.resetModules();
  calls.length = 0;
  windows.length = 0;
  appHandlers.clear();
  coreDeps = undefined;
  const saved = process.argv;
  process.argv = argv;
  try {
    await import('../../../src-main/electron/main');
  } finally {
    process.argv = saved;
  }
}

const at = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
/** A stdout/stderr stand-in that records and calls write callbacks (the CLI waits for them before exiting). */
const capture = (stream: NodeJS.WriteStream) =>
  vi.spyOn(stream, 'write').mockImplementation(((_chunk: unknown, cb?: unknown) => {
    if (typeof cb === 'function') (cb as () => void)();
    return true;
  }) as never);
/** Paths are checked on disk asynchronously: give that a moment before the window takes them. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Electron entry', () => {
  beforeEach(() => vi.clearAllMocks());

  it('enables the sandbox and registers app:// before ready, then hardens before the first window', async () => {
    await loadMain(['/electron', '/app']);
    await vi.waitFor(() => expect(calls.some((c) => c.startsWith('load '))).toBe(true));
    expect(at('enableSandbox')).toBeLessThan(at('whenReady'));
    expect(at('registerScheme')).toBeLessThan(at('whenReady'));
    for (const step of ['app.on web-contents-created', 'permissions', 'onBeforeRequest', 'protocol.handle', 'ipc app:info', 'menu']) {
      expect(at(step), step).toBeGreaterThan(at('whenReady'));
      expect(at(step), step).toBeLessThan(at('window'));
    }
    expect(calls).toContain('core transport=electron dialog=function');
    expect(calls).toContain('window sandbox=true');
    expect(calls.filter((c) => c.startsWith('load '))).toEqual(['load app://renderer/index.html']);
  });

  it('keeps its data in the shared data folder (--data-dir), Chromium profile included, set before the lock', async () => {
    await loadMain(['/electron', '/app', '--data-dir', '/srv/ecg-data']);
    await vi.waitFor(() => expect(coreDeps).toBeDefined());
    expect(coreDeps?.dataDir).toBe('/srv/ecg-data');
    expect(calls).toContain('setPath userData /srv/ecg-data/electron');
    expect(at('setPath userData')).toBeLessThan(at('lock'));
  });

  it('as `--cli` runs the CLI and exits with its code: no window, no single-instance lock, no ready wait', async () => {
    const write = capture(process.stdout);
    try {
      await loadMain(['/opt/app/echoing-ecg-review', '--ozone-platform=headless', '--cli', '--version']);
      await vi.waitFor(() => expect(calls).toContain('exit 0'));
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^\d+\.\d+\.\d+\n/);
    } finally {
      write.mockRestore();
    }
    expect(calls.some((c) => c === 'lock' || c === 'whenReady' || c.startsWith('window'))).toBe(false);
  });

  it('as `--cli` passes usage mistakes through as exit code 2', async () => {
    const err = capture(process.stderr);
    try {
      await loadMain(['/opt/app/echoing-ecg-review', '--cli', 'frobnicate']);
      await vi.waitFor(() => expect(calls).toContain('exit 2'));
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('Unknown command "frobnicate"');
    } finally {
      err.mockRestore();
    }
  });

  it('opens a file named on the command line once the window asks, validated like a drop', async () => {
    await loadMain(['/electron', '/app', '--no-sandbox', DICOM, join(FIXTURES, 'missing.dcm'), 'relative-missing.xml']);
    await vi.waitFor(() => expect(coreDeps?.takeLaunchFiles).toBeDefined());
    await settle();
    expect(coreDeps?.takeLaunchFiles?.().map((r) => r.name)).toEqual(['pydicom_waveform_ecg.dcm']);
    // Taken once.
    expect(coreDeps?.takeLaunchFiles?.()).toEqual([]);
  });

  it("opens a second launch's file (resolved in its working folder) in the running window, and focuses it", async () => {
    await loadMain(['/electron', '/app']);
    await vi.waitFor(() => expect(windows.length).toBe(1));
    coreDeps?.takeLaunchFiles?.();
    appHandlers.get('second-instance')?.({}, ['/electron', '/app', 'dicom/pydicom_waveform_ecg.dcm'], FIXTURES);
    const send = windows[0]?.webContents.send as ReturnType<typeof vi.fn>;
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith('files:opened', [expect.objectContaining({ name: 'pydicom_waveform_ecg.dcm', kind: 'file' })]));
    expect(calls).toContain('focus');
  });

  it('takes files macOS hands over with open-file, and refuses paths that are not absolute or not there', async () => {
    await loadMain(['/electron', '/app']);
    await vi.waitFor(() => expect(windows.length).toBe(1));
    const preventDefault = vi.fn();
    appHandlers.get('open-file')?.({ preventDefault }, 'not/absolute.dcm');
    appHandlers.get('open-file')?.({ preventDefault }, '/nowhere/x.dcm');
    appHandlers.get('open-file')?.({ preventDefault }, DICOM);
    expect(preventDefault).toHaveBeenCalledTimes(3);
    await settle();
    expect(coreDeps?.takeLaunchFiles?.().map((r) => r.name)).toEqual(['pydicom_waveform_ecg.dcm']);
  });
});
