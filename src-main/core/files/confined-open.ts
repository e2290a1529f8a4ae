/**
 * Opening a file that must lie inside allowed roots (the web host's --root folders), without following a link
 * swapped in between the check and the open: the path is resolved (symlinks followed) and checked, the resolved
 * path is opened with O_NOFOLLOW, and the OPEN descriptor is checked again (Linux: the kernel's own path of the
 * descriptor in /proc/self/fd; elsewhere: its device and inode against the checked path's). Whatever the file
 * system does meanwhile, the bytes read come from a file inside the roots.
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { CoreError } from '../errors';
import { isInside } from './paths';

// O_NOFOLLOW does not exist on Windows; the descriptor re-check below still applies there.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
const PROC_FD = '/proc/self/fd';

// No file name in this message: names can identify a patient, and the refusal may be logged.
const outside = () =>
  new CoreError('PATH_TRAVERSAL', 'This file lies outside the folders the application was allowed to open (or is a link leading out of them).');
const missing = (path: string, cause: unknown) => new CoreError('FILE_NOT_FOUND', `The file ${basename(path)} does not exist or cannot be opened.`, cause);

function insideAny(realRoots: readonly string[], real: string): boolean {
  return realRoots.some((root) => isInside(root, real));
}

function realRootsSync(roots: readonly string[]): string[] {
  return roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/** The descriptor's real path where the platform tells it (Linux), else undefined. */
function fdPathSync(fd: number): string | undefined {
  try {
    return readlinkSync(`${PROC_FD}/${fd}`);
  } catch {
    return undefined;
  }
}

/** The path resolved (links followed) and checked inside the roots, with the roots' own resolved paths. */
function resolveInside(path: string, roots: readonly string[]): { real: string; realRoots: string[] } {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    throw missing(path, error);
  }
  const realRoots = realRootsSync(roots);
  if (!insideAny(realRoots, real)) throw outside();
  return { real, realRoots };
}

/** ELOOP: the checked path became a link before the open (O_NOFOLLOW refused it). */
const openError = (path: string, error: unknown): CoreError =>
  (error as NodeJS.ErrnoException).code === 'ELOOP' ? outside() : missing(path, error);

/** Synchronous form (for the readers' sibling lookups): a descriptor of the file, inside the roots. Caller closes it. */
export function openInsideRootsSync(path: string, roots: readonly string[]): number {
  const { real, realRoots } = resolveInside(path, roots);
  let fd: number;
  try {
    fd = openSync(real, FLAGS);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const actual = fdPathSync(fd);
    const ok = actual !== undefined ? insideAny(realRoots, actual) : sameFile(fstatSync(fd), statSync(real)) && insideAny(realRoots, realpathSync(real));
    if (!ok) throw outside();
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error instanceof CoreError ? error : missing(path, error);
  }
}

/** An open handle of the file, inside the roots (see the module comment). Caller closes it. */
export async function openInsideRoots(path: string, roots: readonly string[]): Promise<FileHandle> {
  const { real, realRoots } = resolveInside(path, roots);
  let handle: FileHandle;
  try {
    handle = await open(real, FLAGS);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    let actual: string | undefined;
    try {
      actual = await readlink(`${PROC_FD}/${handle.fd}`);
    } catch {
      actual = undefined;
    }
    const ok = actual !== undefined ? insideAny(realRoots, actual) : sameFile(await handle.stat(), await stat(real)) && insideAny(realRoots, await realpath(real));
    if (!ok) throw outside();
    return handle;
  } catch (error) {
    await handle.close();
    throw error instanceof CoreError ? error : missing(path, error);
  }
}
