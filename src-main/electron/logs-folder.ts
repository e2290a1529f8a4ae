import { mkdir } from 'node:fs/promises';
import { shell } from 'electron';
import { logDir } from '../core/app-paths';

/** Opens a folder in the system's file manager; false when none could open it. */
export async function openFolder(path: string): Promise<boolean> {
  await mkdir(path, { recursive: true });
  // shell.openPath resolves to an error text, empty on success.
  return (await shell.openPath(path)) === '';
}

/** Help > Open Logs Folder. */
export function openLogsFolder(): Promise<boolean> {
  return openFolder(logDir());
}
