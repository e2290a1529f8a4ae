import { join } from 'node:path';
import { app } from 'electron';
import { dataDir, dataDirFlag } from '../core/app-paths';

/**
 * The data folder of the desktop app: `--data-dir`, else ECHOING_ECG_DATA_DIR, else the platform's folder, the
 * same one the web host and the CLI use. Chromium's own profile (caches, local storage) moves inside it too, so
 * nothing is left in Electron's default userData (the roaming profile on Windows). Must run before `ready`.
 */
export function setupDesktopDataDir(argv: readonly string[] = process.argv): string {
  const dir = dataDir(dataDirFlag(argv));
  app.setPath('userData', join(dir, 'electron'));
  return dir;
}

/** Where the bundled model packs are: beside the app when installed, the repository's models/ in development. */
export function bundledModelsPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models');
}

/** The window icon (Linux; Windows and macOS take it from the executable): shipped in resources/icons. */
export function windowIconPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icons', 'icon.png') : join(app.getAppPath(), 'build', 'icons', 'icon.png');
}
