import { join } from 'node:path';
import { readEcgFile, type ReadFileOptions } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import { PACS_CACHE_DIR } from '../pacs/cache';
import type { CoreDeps } from './deps';

/**
 * Folders a handed-out file may be read from each time its token is used (issue 11): the web host's roots and
 * the app's own PACS cache (retrieved instances are handed out from there). Undefined without roots (Electron,
 * where files come from the native dialog): anywhere.
 */
export function readRoots(deps: Pick<CoreDeps, 'browseRoots' | 'dataDir'>): string[] | undefined {
  return deps.browseRoots ? [...deps.browseRoots, join(deps.dataDir, PACS_CACHE_DIR)] : undefined;
}

/** readEcgFile's options for a handed-out file: confined to readRoots when there are roots. */
export function confinedRead(deps: Pick<CoreDeps, 'browseRoots' | 'dataDir'>): { roots?: string[] } {
  const roots = readRoots(deps);
  return roots ? { roots } : {};
}

/** readEcgFile for handed-out files: the caller's options (hints) plus the confinement to readRoots. */
export function confinedReader(deps: Pick<CoreDeps, 'browseRoots' | 'dataDir'>): (path: string, options?: ReadFileOptions) => Promise<EcgRecord> {
  return (path, options = {}) => readEcgFile(path, { ...options, ...confinedRead(deps) });
}
