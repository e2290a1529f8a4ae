import { describe, expect, it, vi } from 'vitest';

const created: { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[] = [];

vi.mock('electron', () => ({
  BrowserWindow: class {
    loadURL = vi.fn(() => Promise.resolve());
    once = vi.fn();
    show = vi.fn();
    constructor(options: Record<string, unknown>) {
      created.push({ options, loadURL: this.loadURL });
    }
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

const { createMainWindow, webPreferences } = await import('../../../src-main/electron/window');

describe('main window', () => {
  it('pins the renderer privileges', () => {
    const prefs = webPreferences('/p/preload.js');
    expect(prefs).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('creates the window with those preferences and loads the app:// entry', () => {
    createMainWindow('/p/preload.js');
    const win = created.at(-1);
    expect(win?.options.webPreferences).toEqual(webPreferences('/p/preload.js'));
    expect(win?.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
  });
});
