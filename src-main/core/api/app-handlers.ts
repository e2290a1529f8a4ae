import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { appChannels, FileRef } from '../../contract/app';
import { logDir } from '../app-paths';
import { CoreError } from '../errors';
import { log } from '../log/logger';
import { compareFileNames, looksLikeEcgFile } from '../files/ecg-file-names';
import { isInsideRoots } from '../files/paths';
import type { RecentFiles } from '../files/recent-files';
import { browseFolder } from './browse';
import type { CoreDeps } from './deps';
import type { PartialHandlerMap } from './types';
import { APP_NAME, APP_VERSION, CORE_VERSION } from './version';

/** Application and file channels: version info, the native dialog, the server-side browser, siblings, recents. */
export function createAppHandlers(deps: CoreDeps, recent: RecentFiles): PartialHandlerMap<keyof typeof appChannels> {
  const { files } = deps;
  /** Hands out a path only when it is still inside the web host's roots (no roots: Electron, always). */
  const allowed = async (path: string) => !deps.browseRoots || (await isInsideRoots(deps.browseRoots, path));

  return {
    'app:info': () => ({
      appName: APP_NAME,
      appVersion: APP_VERSION,
      coreVersion: CORE_VERSION,
      transport: deps.transport,
      platform: process.platform,
      nodeVersion: process.versions.node,
      dataDir: deps.dataDir,
      logDir: logDir(),
    }),

    'files:launch': () => deps.takeLaunchFiles?.() ?? [],

    'app:open-logs': async () => {
      const dir = logDir();
      await mkdir(dir, { recursive: true });
      return { opened: deps.openFolder ? await deps.openFolder(dir) : false };
    },

    'app:report-error': ({ kind, message, stack }) => {
      log.error(`renderer ${kind}: ${message}${stack ? `\n${stack}` : ''}`);
      return null;
    },

    'files:pick': async ({ purpose, multiple }) => {
      if (!deps.pickPaths) {
        throw new CoreError('BAD_REQUEST', 'There is no native file dialog here: use the in-app file browser.');
      }
      const paths = await deps.pickPaths(purpose, multiple ?? false);
      const refs: FileRef[] = [];
      for (const path of paths) {
        try {
          const s = await stat(path);
          if (s.isDirectory()) refs.push(files.handOut(path, 'folder'));
          else if (s.isFile()) refs.push(files.handOut(path, 'file', s.size));
        } catch {
          // A path that vanished between the dialog and now is simply not returned.
        }
      }
      return refs;
    },

    'files:browse': ({ folderToken }) => browseFolder(files, deps.browseRoots, folderToken),

    'files:sibling': async ({ token, direction }) => {
      const current = files.resolve(token, 'file');
      const folder = dirname(current);
      let names: string[];
      try {
        names = (await readdir(folder, { withFileTypes: true }))
          .filter((d) => (d.isFile() || d.isSymbolicLink()) && looksLikeEcgFile(d.name))
          .map((d) => d.name)
          .sort(compareFileNames);
      } catch (error) {
        throw new CoreError('FILE_NOT_FOUND', 'The folder of this file can no longer be read.', error);
      }
      const here = names.indexOf(basename(current));
      const step = direction === 'next' ? 1 : -1;
      // A current file that was renamed away still has a place in the order: start from where it would sit.
      let index = here >= 0 ? here + step : insertionIndex(names, basename(current)) + (step > 0 ? 0 : -1);
      for (; index >= 0 && index < names.length; index += step) {
        const path = join(folder, names[index] as string);
        try {
          const s = await stat(path);
          if (s.isFile() && (await allowed(path))) return files.handOut(path, 'file', s.size);
        } catch {
          // Skip dangling links.
        }
      }
      return null;
    },

    'files:recent': async () => {
      const refs: FileRef[] = [];
      for (const path of await recent.list()) {
        try {
          const s = await stat(path);
          if (s.isFile() && (await allowed(path))) refs.push(files.handOut(path, 'file', s.size));
        } catch {
          // Files moved or deleted since are left out.
        }
      }
      return refs;
    },
  };
}

function insertionIndex(sorted: readonly string[], name: string): number {
  const i = sorted.findIndex((n) => compareFileNames(n, name) > 0);
  return i < 0 ? sorted.length : i;
}
