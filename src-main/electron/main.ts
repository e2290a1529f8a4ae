import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import type { FileRef } from '../contract';
import { createCoreHandlers } from '../core/api';
import { logDir } from '../core/app-paths';
import { FileRegistry } from '../core/files/file-registry';
import { initFileLogging, log } from '../core/log/logger';
import { setLogRoots } from '../core/log/redact';
import { cliArguments, runCliInApp } from './cli-mode';
import { setupCrashLogging } from './crash-log';
import { bundledModelsPath, setupDesktopDataDir, windowIconPath } from './desktop-paths';
import { pickPaths } from './dialog';
import { setupIpc } from './ipc';
import { openFolder } from './logs-folder';
import { setupMenu } from './menu';
import { filePathsFromArgv, LaunchFiles } from './open-files';
import { registerAppScheme, setupAppProtocol } from './protocol';
import { printPdf, saveFile } from './report-output';
import { createSafeStorageSecretStore } from './secret-store';
import { setupSecurity } from './security';
import { createMainWindow } from './window';

// The Electron entry: a flat list of setups; every feature lives in its own module (STYLE.md).
const cliArgs = cliArguments(process.argv);
if (cliArgs) void runCliInApp(cliArgs);
else startDesktop();

function mainWindow(): BrowserWindow | undefined {
  return BrowserWindow.getAllWindows()[0];
}

function startDesktop(): void {
  app.enableSandbox();
  registerAppScheme();
  const dataDir = setupDesktopDataDir();
  initFileLogging({ program: 'desktop', dir: logDir(), console: app.isPackaged ? false : 'warn' });
  setLogRoots({ app: app.getAppPath(), resources: process.resourcesPath, data: dataDir, logs: logDir() });

  // A second launch hands its files to the first instance (below) and quits; it must not open its own window.
  const primary = app.requestSingleInstanceLock();
  if (!primary) {
    app.quit();
    return;
  }
  log.info(`desktop ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform} ${process.arch})`);
  setupCrashLogging();

  const files = new FileRegistry();
  const launch = new LaunchFiles(files, (refs: FileRef[]) => {
    const win = mainWindow();
    if (win && !win.isDestroyed()) win.webContents.send('files:opened', refs);
  });
  void launch.add(filePathsFromArgv(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() }));
  // macOS hands files (Finder, the dock, `open -a`) as events, also before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void launch.add([path]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    void launch.add(filePathsFromArgv(argv, { isPackaged: app.isPackaged, cwd: workingDirectory }));
    const win = mainWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    setupSecurity();
    setupAppProtocol(join(__dirname, '../renderer'));
    setupIpc(
      createCoreHandlers({
        transport: 'electron',
        files,
        dataDir,
        bundledModelsDir: bundledModelsPath(),
        pickPaths,
        saveFile,
        printPdf,
        // The same secrets file as the web host's and the CLI's (in the shared data folder), values encrypted.
        secrets: createSafeStorageSecretStore(dataDir),
        takeLaunchFiles: () => launch.take(),
        openFolder,
      }),
      files,
    );
    setupMenu();
    createMainWindow(undefined, windowIconPath());
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(undefined, windowIconPath());
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
