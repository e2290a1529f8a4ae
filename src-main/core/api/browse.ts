import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BrowseListing, FileRef } from '../../contract/app';
import { CoreError } from '../errors';
import type { FileRegistry } from '../files/file-registry';
import { isInside, isInsideRoots, realPathOrUndefined } from '../files/paths';

/** A folder listing is capped so a huge folder cannot exhaust memory or the renderer. */
export const BROWSE_LIMIT = 5000;

const outside = () =>
  new CoreError('PATH_TRAVERSAL', 'This location is outside the folders the application was allowed to open.');

/**
 * Lists a handed-out folder (or the allowed roots) for the in-app file browser. Every entry comes back as a
 * fresh token; with `roots` set, anything whose real path (symlinks resolved) leaves the roots is refused or
 * skipped, so neither `..` nor a link can reach outside.
 */
export async function browseFolder(
  files: FileRegistry,
  roots: readonly string[] | undefined,
  folderToken: string | undefined,
): Promise<BrowseListing> {
  if (folderToken === undefined) {
    const entries: FileRef[] = [];
    for (const root of roots ?? []) {
      const real = await realPathOrUndefined(root);
      if (real !== undefined) entries.push(files.handOut(real, 'folder'));
    }
    return { folder: null, parent: null, entries };
  }
  const folderPath = files.resolve(folderToken, 'folder');
  if (roots && !(await isInsideRoots(roots, folderPath))) throw outside();
  let dirents;
  try {
    dirents = await readdir(folderPath, { withFileTypes: true });
  } catch (error) {
    throw new CoreError('FILE_NOT_FOUND', 'This folder can no longer be read.', error);
  }
  const entries: FileRef[] = [];
  for (const d of dirents) {
    if (entries.length >= BROWSE_LIMIT) break;
    if (d.name.startsWith('.')) continue; // hidden files and folders are not ECG data
    const full = join(folderPath, d.name);
    if (roots && !(await isInsideRoots(roots, full))) continue;
    try {
      const s = await stat(full);
      if (s.isDirectory()) entries.push(files.handOut(full, 'folder'));
      else if (s.isFile()) entries.push(files.handOut(full, 'file', s.size));
    } catch {
      // Dangling links and unreadable entries are left out of the listing.
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  const folder = files.handOut(folderPath, 'folder');
  return { folder, parent: await parentOf(files, roots, folderPath), entries };
}

/** The parent folder while it stays inside a root; null at a root (the browser then goes back to the roots). */
async function parentOf(files: FileRegistry, roots: readonly string[] | undefined, folderPath: string) {
  const up = dirname(folderPath);
  if (up === folderPath) return null;
  if (!roots) return files.handOut(up, 'folder');
  for (const root of roots) {
    const realRoot = await realPathOrUndefined(root);
    if (realRoot !== undefined && realRoot !== folderPath && isInside(realRoot, up)) return files.handOut(up, 'folder');
  }
  return null;
}
