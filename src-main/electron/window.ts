import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './protocol';

/**
 * The renderer's privileges, pinned (and tested): isolated, sandboxed, no Node, no webviews. The preload is
 * the only bridge, and it exposes one function per contract channel.
 */
export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
    safeDialogs: true,
    spellcheck: false,
  };
}

/** Where electron-vite puts the preload bundle relative to out/main. */
export const PRELOAD_PATH = join(__dirname, '../preload/preload.js');

/**
 * The main window, loading the renderer from app:// once it is ready to show (no white flash). `iconPath`: the
 * window icon (used on Linux; skipped when the file is absent, e.g. icons not generated in development).
 */
export function createMainWindow(preloadPath: string = PRELOAD_PATH, iconPath?: string): BrowserWindow {
  const win = new BrowserWindow({
    ...(iconPath && existsSync(iconPath) ? { icon: iconPath } : {}),
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'EchoingECG Review',
    webPreferences: webPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
