/**
 * Reading an ECG from disk: size limits before reading, FILE_NOT_FOUND with a plain message, and sibling
 * lookup for multi-file formats (a WFDB header names its signal files relative to its own folder).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { CoreError } from '../errors';
import { DEFAULT_MAX_FILE_BYTES } from './limits';
import { readEcgBytes } from './read-bytes';
import type { ReaderHints } from './format-reader';
import type { EcgRecord } from './record';

export interface ReadFileOptions {
  /** Largest file (and sibling file) accepted, in bytes. Default 512 MiB. */
  maxBytes?: number;
  /** Facts the file does not state (sample rate, uV per unit of a headerless CSV). */
  hints?: ReaderHints;
}

function tooLarge(limit: number): CoreError {
  return new CoreError('FILE_TOO_LARGE', `The file is larger than ${Math.round(limit / 1048576)} MB, the most this viewer opens.`);
}

/** A WFDB signal file (.dat/.mat) given instead of its header: read the header next to it. */
function headerFor(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext !== '.dat' && ext !== '.mat') return path;
  const stem = path.slice(0, path.length - ext.length);
  for (const candidate of [`${stem}.hea`, `${stem}.HEA`]) if (existsSync(candidate)) return candidate;
  return path;
}

/** Reads a file in `folder` by bare name; names with folders or '..' are refused (no path traversal). */
function siblingReader(folder: string, maxBytes: number): (name: string) => Uint8Array | undefined {
  return (name: string) => {
    if (name === '' || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\0')) {
      return undefined;
    }
    const full = join(folder, name);
    let size: number;
    try {
      const info = statSync(full);
      if (!info.isFile()) return undefined;
      size = info.size;
    } catch {
      return undefined;
    }
    if (size > maxBytes) throw tooLarge(maxBytes);
    return new Uint8Array(readFileSync(full));
  };
}

/**
 * Reads and decodes an ECG file. For WFDB pass the .hea path (a .dat/.mat path next to its .hea also works).
 * Throws CoreError FILE_NOT_FOUND, FILE_TOO_LARGE, or any decoding code of readEcgBytes.
 */
export async function readEcgFile(path: string, options: ReadFileOptions = {}): Promise<EcgRecord> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const target = headerFor(path);
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new CoreError('FILE_NOT_FOUND', `The file ${basename(target)} does not exist or cannot be opened.`);
  }
  if (info.isDirectory()) throw new CoreError('NOT_AN_ECG', `${basename(target)} is a folder, not an ECG file.`);
  if (info.size > maxBytes) throw tooLarge(maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(target));
  } catch {
    throw new CoreError('FILE_NOT_FOUND', `The file ${basename(target)} cannot be read.`);
  }
  return readEcgBytes({ bytes, fileName: basename(target), readSibling: siblingReader(dirname(target), maxBytes),
    ...(options.hints ? { hints: options.hints } : {}),
  });
}
