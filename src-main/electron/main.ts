import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createCoreHandlers } from '../core/api';
import { FileRegistry } from '../core/files/file-registry';
import { pickPaths } from './dialog';
import { setupIpc } from './ipc';
import { setupMenu } from './menu';
import { registerAppScheme, setupAppProtocol } from './protocol';
import { printPdf, saveFile } from './report-output';
import { createSafeStorageSecretStore } from './secret-store';
import { setupSecurity } from './security';
import { createMainWindow } from './window';

// The Electron entry: a flat list of setups; every feature lives in its own module (STYLE.md).
app.enableSandbox();
registerAppScheme();

// A second launch only focuses the first window (below); it must not open its own.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

void app.whenReady().then(() => {
  if (!primary) return;
  const files = new FileRegistry();
  setupSecurity();
  setupAppProtocol(join(__dirname, '../renderer'));
  setupIpc(
    createCoreHandlers({
      transport: 'electron',
      files,
      dataDir: app.getPath('userData'),
      bundledModelsDir: app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models'),
      pickPaths,
      saveFile,
      printPdf,
      secrets: createSafeStorageSecretStore(app.getPath('userData')),
    }),
    files,
  );
  setupMenu();
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
