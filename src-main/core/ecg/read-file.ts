/**
 * Reading an ECG from disk: size limits before reading, FILE_NOT_FOUND with a plain message, and sibling
 * lookup for multi-file formats (a WFDB header names its signal files relative to its own folder). With
 * `roots` (the web host's allowed folders), the file and every sibling it names must resolve inside them, and
 * are opened so that a link swapped in after the check is never followed (core/files/confined-open.ts).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { CoreError } from '../errors';
import { openInsideRoots, openInsideRootsSync } from '../files/confined-open';
import { DEFAULT_MAX_FILE_BYTES } from './limits';
import { detectFormat, readEcgBytes } from './read-bytes';
import type { ReaderHints } from './format-reader';
import type { EcgFormat, EcgRecord } from './record';
import { MAX_XML_BYTES, xmlTooLarge } from './xml-common/decode-text';

export interface ReadFileOptions {
  /** Largest file (and sibling file) accepted, in bytes. Default 512 MiB. */
  maxBytes?: number;
  /** Facts the file does not state (sample rate, uV per unit of a headerless CSV). */
  hints?: ReaderHints;
  /** Folders the file and its siblings must lie in (symlinks resolved); absent: anywhere. */
  roots?: readonly string[];
}

function tooLarge(limit: number): CoreError {
  return new CoreError('FILE_TOO_LARGE', `The file is larger than ${Math.round(limit / 1048576)} MB, the most this viewer opens.`);
}

/** Bytes the format sniffers look at (they read the first KB or so). */
const SNIFF_BYTES = 64 * 1024;
const XML_FORMATS: ReadonlySet<EcgFormat> = new Set<EcgFormat>(['hl7-aecg', 'ge-muse-xml', 'philips-sierra-xml']);

/**
 * A file over the XML limit whose head says it is one of the XML formats is refused from its head: reading it
 * whole first (as decoding would, only to refuse it) would hold the whole file in memory for nothing.
 */
async function refuseLargeXml(handle: FileHandle): Promise<void> {
  const format = await formatFromHead(handle);
  if (format !== undefined && XML_FORMATS.has(format)) throw xmlTooLarge();
}

/** The format an open file's first 64 KB name (undefined: none); the file is never read further. */
export async function formatFromHead(handle: FileHandle): Promise<EcgFormat | undefined> {
  const head = new Uint8Array(SNIFF_BYTES);
  const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
  return detectFormat({ bytes: head.subarray(0, bytesRead) });
}

/** A Buffer's bytes as a Uint8Array view (no copy: a file of hundreds of MB must not be held twice). */
const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** A WFDB signal file (.dat/.mat) given instead of its header: read the header next to it. */
function headerFor(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext !== '.dat' && ext !== '.mat') return path;
  const stem = path.slice(0, path.length - ext.length);
  for (const candidate of [`${stem}.hea`, `${stem}.HEA`]) if (existsSync(candidate)) return candidate;
  return path;
}

/**
 * Reads a file in `folder` by bare name; names with folders or '..' are refused (no path traversal). With roots,
 * a sibling that resolves outside them (a link leading out) is refused with PATH_TRAVERSAL.
 */
function siblingReader(folder: string, maxBytes: number, roots: readonly string[] | undefined): (name: string) => Uint8Array | undefined {
  return (name: string) => {
    if (name === '' || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\0')) {
      return undefined;
    }
    const full = join(folder, name);
    if (!existsSync(full)) return undefined;
    let fd: number;
    try {
      fd = roots ? openInsideRootsSync(full, roots) : openSync(full, 'r');
    } catch (error) {
      if (error instanceof CoreError && error.code === 'PATH_TRAVERSAL') throw error;
      return undefined;
    }
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return undefined;
      if (info.size > maxBytes) throw tooLarge(maxBytes);
      return view(readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * Reads and decodes an ECG file. For WFDB pass the .hea path (a .dat/.mat path next to its .hea also works).
 * Throws CoreError FILE_NOT_FOUND, FILE_TOO_LARGE, PATH_TRAVERSAL (with roots), or any decoding code of
 * readEcgBytes.
 */
export async function readEcgFile(path: string, options: ReadFileOptions = {}): Promise<EcgRecord> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const target = headerFor(path);
  let handle: FileHandle;
  try {
    handle = options.roots ? await openInsideRoots(target, options.roots) : await open(target, 'r');
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('FILE_NOT_FOUND', `The file ${basename(target)} does not exist or cannot be opened.`, error);
  }
  let bytes: Uint8Array;
  try {
    // Size from the open descriptor, checked before a byte is read.
    const info = await handle.stat();
    if (info.isDirectory()) throw new CoreError('NOT_AN_ECG', `${basename(target)} is a folder, not an ECG file.`);
    if (info.size > maxBytes) throw tooLarge(maxBytes);
    if (info.size > MAX_XML_BYTES) await refuseLargeXml(handle);
    bytes = view(await handle.readFile());
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('FILE_NOT_FOUND', `The file ${basename(target)} cannot be read.`, error);
  } finally {
    await handle.close();
  }
  // Siblings sit next to the file itself: with roots, next to its resolved location (which was checked).
  let folder = dirname(target);
  if (options.roots) {
    try {
      folder = dirname(realpathSync(target));
    } catch (error) {
      throw new CoreError('FILE_NOT_FOUND', `The file ${basename(target)} was moved while it was read.`, error);
    }
  }
  return readEcgBytes({ bytes, fileName: basename(target), readSibling: siblingReader(folder, maxBytes, options.roots),
    ...(options.hints ? { hints: options.hints } : {}),
  });
}
