import { describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const log = (name: string) => vi.fn(() => void calls.push(name));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    static getFocusedWindow = () => null;
    webContents = { send: vi.fn() };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      calls.push(`window sandbox=${String(options.webPreferences.sandbox)}`);
    }
    loadURL = vi.fn((url: string) => {
      calls.push(`load ${url}`);
      return Promise.resolve();
    });
    once = vi.fn();
  }
  return {
    app: {
      enableSandbox: log('enableSandbox'),
      requestSingleInstanceLock: vi.fn(() => true),
      whenReady: vi.fn(() => {
        calls.push('whenReady');
        return Promise.resolve();
      }),
      on: vi.fn((name: string) => calls.push(`app.on ${name}`)),
      getPath: vi.fn(() => '/tmp/user-data'),
      getAppPath: vi.fn(() => '/app'),
      isPackaged: false,
      quit: vi.fn(),
    },
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
    shell: { openExternal: vi.fn() },
  };
});

// The real core would load model packs and open the cohort database; the entry's wiring is what is tested.
vi.mock('../../../src-main/core/api', () => ({
  createCoreHandlers: vi.fn((deps: { transport: string; pickPaths?: unknown }) => {
    calls.push(`core transport=${deps.transport} dialog=${typeof deps.pickPaths}`);
    return {};
  }),
}));

describe('Electron entry', () => {
  it('enables the sandbox and registers app:// before ready, then hardens before the first window', async () => {
    await import('../../../src-main/electron/main');
    await vi.waitFor(() => expect(calls.some((c) => c.startsWith('load '))).toBe(true));
    const at = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
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
});
