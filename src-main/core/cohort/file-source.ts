import { createReadStream, existsSync } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import { CoreError } from '../errors';
import { ECG_EXTENSIONS } from '../files/ecg-file-names';

/** Where a batch's files come from: a folder (recursive), explicit paths, or a text file listing paths. */
export type FileSource =
  | { kind: 'folder'; path: string }
  | { kind: 'files'; paths: string[] }
  | { kind: 'list'; path: string };

/** WFDB keeps samples beside a header: the header is the entry, the sample files are read through it. */
const SIDECARS = new Set(['.dat', '.mat', '.atr', '.qrs']);
const NEVER = new Set(['.md', '.txt', '.pdf', '.png', '.jpg', '.jpeg', '.json', '.db', '.db-wal', '.db-shm', '.zip', '.gz']);

/**
 * True for a file of a WFDB record other than its header: signal files and annotations (.atr, .qrs, .ecg, .pu0,
 * ...; annotators name them freely) share the record name, the part before the first dot, with a `.hea` beside
 * them. Files of a format read on its own (.dcm, .xml, ...) are never companions, whatever sits beside them.
 */
export function isWfdbCompanion(path: string): boolean {
  const name = basename(path);
  const ext = extname(name).toLowerCase();
  if (ext === '.hea' || (ECG_EXTENSIONS.has(ext) && !SIDECARS.has(ext))) return false;
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  return existsSync(join(dirname(path), `${name.slice(0, dot)}.hea`));
}

/** True for files a folder import should try to read (hidden files, WFDB companions and documents are left out). */
export function isCandidate(path: string): boolean {
  const name = basename(path);
  if (name.startsWith('.')) return false;
  if (NEVER.has(extname(name).toLowerCase())) return false;
  return !isWfdbCompanion(path);
}

/** Walks a folder depth-first without listing it whole: one open directory handle per level. */
async function* walkFolder(root: string): AsyncGenerator<string> {
  let dir;
  try {
    dir = await opendir(root);
  } catch (error) {
    throw new CoreError('FILE_NOT_FOUND', 'The cohort folder could not be opened.', error);
  }
  for await (const entry of dir) {
    const full = join(root, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) yield* walkFolder(full);
    } else if (entry.isFile() && isCandidate(full)) {
      yield full;
    }
  }
}

/** Lines of a file list (blank lines and # comments skipped; relative paths are relative to the list). */
async function* readList(listPath: string): AsyncGenerator<string> {
  const base = dirname(resolve(listPath));
  let lines;
  try {
    await stat(listPath);
    lines = createInterface({ input: createReadStream(listPath, 'utf8'), crlfDelay: Infinity });
  } catch (error) {
    throw new CoreError('FILE_NOT_FOUND', 'The file list could not be opened.', error);
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    yield isAbsolute(line) ? line : join(base, line);
  }
}

/** Streams the candidate paths of a source, in a stable order for a given file system state. */
export async function* sourcePaths(source: FileSource): AsyncGenerator<string> {
  switch (source.kind) {
    case 'folder':
      yield* walkFolder(source.path);
      return;
    case 'files':
      yield* source.paths;
      return;
    case 'list':
      yield* readList(source.path);
      return;
    default: {
      const never: never = source;
      throw new CoreError('BAD_REQUEST', `Unknown file source ${String(never)}`);
    }
  }
}

/**
 * A slice of a source for parallel scorers. By position (the default: worker threads of one run, which share a
 * listing): the candidates whose position i has i % count === index. By content (`--shard K/N`, scorers on
 * different machines): the files whose content hash falls in part `index` (shard.ts), whatever the listing.
 */
export interface Shard {
  index: number;
  count: number;
  by?: 'position' | 'content';
}

/** Whether position i belongs to the shard; content shards decide after hashing (see inContentShard). */
export const inShard = (i: number, shard: Shard | undefined): boolean =>
  shard === undefined || shard.by === 'content' || i % shard.count === shard.index;

/**
 * Counts a source's candidates (in the shard, for the ETA) without holding them. A content shard's share is
 * only known after hashing every file, so its count is the expected share (the scorer corrects it at the end).
 */
export async function countSource(source: FileSource, shouldStop: () => boolean = () => false, shard?: Shard): Promise<number> {
  let i = 0;
  let n = 0;
  for await (const _ of sourcePaths(source)) {
    if (inShard(i, shard)) n += 1;
    i += 1;
    if (shouldStop()) break;
  }
  return shard?.by === 'content' ? Math.round(n / shard.count) : n;
}

/** sha256 of a file's content, streamed (constant memory whatever the size), and its size. */
export async function hashFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const b = chunk as Buffer;
      sizeBytes += b.length;
      hash.update(b);
    }
  } catch (error) {
    throw new CoreError('FILE_NOT_FOUND', 'The file could not be read (moved, deleted or not permitted).', error);
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}
