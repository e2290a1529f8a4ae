import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { FileRef } from '../contract';
import { CoreError } from '../core/errors';
import type { FileRegistry } from '../core/files/file-registry';
import { DATA_DIR_FLAG } from '../core/app-paths';

/** Paths from outside the page (a drop, the command line, a second launch, macOS open-file): at most 200, each sane. */
const pathsSchema = z.array(z.string().min(1).max(4096)).max(200);

/**
 * Hands out tokens for paths that came from outside the page, validated the same way whatever the source:
 * a list of at most 200 strings, absolute paths only, that exist as a file or a folder at this moment.
 * Anything else is skipped silently (an item dragged from a web page, a file deleted since).
 */
export async function handOutPaths(files: FileRegistry, payload: unknown): Promise<FileRef[]> {
  const parsed = pathsSchema.safeParse(payload);
  if (!parsed.success) throw new CoreError('BAD_REQUEST', 'The dropped items could not be read as files.');
  const refs: FileRef[] = [];
  for (const path of parsed.data) {
    if (!isAbsolute(path)) continue;
    try {
      const s = await stat(path);
      if (s.isFile()) refs.push(files.handOut(path, 'file', s.size));
      else if (s.isDirectory()) refs.push(files.handOut(path, 'folder'));
    } catch {
      // Not on disk.
    }
  }
  return refs;
}

/**
 * File paths in a launch's arguments (the first launch's process.argv or a second launch's argv), resolved
 * against that launch's working folder. Skipped: the executable, the app folder in development
 * (`electron . file.dcm`), switches (Chromium's and ours) and the value of --data-dir.
 */
export function filePathsFromArgv(argv: readonly string[], options: { isPackaged: boolean; cwd: string }): string[] {
  const paths: string[] = [];
  for (let i = options.isPackaged ? 1 : 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === DATA_DIR_FLAG) i++;
    else if (!arg.startsWith('-') && arg.length > 0) paths.push(resolve(options.cwd, arg));
  }
  return paths;
}

/**
 * Files handed to the app from outside (command line, file association, second launch, macOS open-file). Until a
 * window has taken them (files:launch, called by the renderer when it is ready) they are kept; after that they
 * go straight to the window as `files:opened`, exactly like a drop.
 */
export class LaunchFiles {
  private pending: FileRef[] = [];
  private ready = false;

  constructor(
    private readonly files: FileRegistry,
    private readonly deliver: (refs: FileRef[]) => void,
  ) {}

  /** Validates and hands out the paths; resolves to what was accepted. */
  async add(paths: readonly string[]): Promise<FileRef[]> {
    if (paths.length === 0) return [];
    let refs: FileRef[];
    try {
      refs = await handOutPaths(this.files, paths);
    } catch {
      return [];
    }
    if (refs.length === 0) return refs;
    if (this.ready) this.deliver(refs);
    else this.pending.push(...refs);
    return refs;
  }

  /** What arrived before the window was ready (once); from now on new files are delivered as events. */
  take(): FileRef[] {
    this.ready = true;
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
