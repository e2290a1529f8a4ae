import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract/app';
import { openLogsFolder } from './logs-folder';
import { openExternalUrl } from './url-opener';

/** Sends a menu command to the focused window as the `app:menu` event (the renderer decides what it means). */
function send(command: MenuCommand['command']): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (win && !win.isDestroyed()) win.webContents.send('app:menu', { command } satisfies MenuCommand);
}

/** The application menu: the usual roles (so copy/paste, zoom and window shortcuts work) plus review commands. */
export function buildMenuTemplate(isMac: boolean, isPackaged: boolean): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open ECG…', accelerator: 'CmdOrCtrl+O', click: () => send('open') },
      { label: 'Next File', accelerator: 'CmdOrCtrl+]', click: () => send('next') },
      { label: 'Previous File', accelerator: 'CmdOrCtrl+[', click: () => send('previous') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+L', click: () => send('toggle-theme') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      // Developer tools only in development builds.
      ...(isPackaged ? [] : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as const)),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'About EchoingECG Review', click: () => send('about') },
      { label: 'Open Logs Folder', click: () => void openLogsFolder() },
      { label: 'Electron Security Checklist', click: () => openExternalUrl('https://www.electronjs.org/docs/latest/tutorial/security') },
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

export function setupMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform === 'darwin', app.isPackaged)));
}
