import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ecgChannels, OpenedEcg } from '../../contract/ecg';
import type { ReadFileOptions } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import { CoreError } from '../errors';
import { FolderHints } from '../files/folder-hints';
import type { RecentFiles } from '../files/recent-files';
import { rememberIdentifiers } from '../log/redact';
import type { CoreDeps } from './deps';
import { confinedReader } from './read-roots';
import type { PartialHandlerMap } from './types';

/** Reads a file from disk into an EcgRecord (the format readers); injectable so tests can use a fake. */
export type EcgFileReader = (path: string, options?: ReadFileOptions) => Promise<EcgRecord>;

/**
 * Reads `path` with the hints the request gives or, failing that, those remembered for its folder. Shared by
 * every channel that reads a handed-out file, so the model reads a CSV exactly as the review showed it.
 */
export async function readWithFolderHints(
  read: EcgFileReader,
  folderHints: FolderHints,
  path: string,
  given?: { sampleRateHz?: number | undefined; uvPerUnit?: number | undefined },
): Promise<{ record: EcgRecord; hints?: OpenedEcg['hints'] }> {
  const request = given && (given.sampleRateHz !== undefined || given.uvPerUnit !== undefined) ? given : undefined;
  const hints = request ?? (await folderHints.forFile(path));
  if (hints === undefined) return { record: await read(path) };
  const clean = {
    ...(hints.sampleRateHz !== undefined ? { sampleRateHz: hints.sampleRateHz } : {}),
    ...(hints.uvPerUnit !== undefined ? { uvPerUnit: hints.uvPerUnit } : {}),
  };
  const record = await read(path, { hints: clean });
  // Only hints that read the file are remembered: a wrong guess never sticks to the folder.
  if (request) await folderHints.remember(path, clean);
  return { record, hints: { ...clean, source: request ? 'request' : 'folder' } };
}

/** ECG channels: open a handed-out file. Paths come only from the registry; the reader's coded errors pass through. */
export function createEcgHandlers(
  deps: CoreDeps,
  recent: RecentFiles,
  // A token is re-checked against the roots each time it is opened: the file may have become a link since.
  read: EcgFileReader = confinedReader(deps),
): PartialHandlerMap<keyof typeof ecgChannels> {
  const folderHints = new FolderHints(deps.dataDir);
  return {
    'ecg:open': async ({ token, hints: given }) => {
      const path = deps.files.resolve(token, 'file');
      let sizeBytes: number;
      try {
        sizeBytes = (await stat(path)).size;
      } catch (error) {
        throw new CoreError('FILE_NOT_FOUND', 'This file no longer exists or cannot be read.', error);
      }
      const { record, hints } = await readWithFolderHints(read, folderHints, path, given);
      // This record's identifiers are masked in any later log line (e.g. quoted by a third-party error).
      rememberIdentifiers(record.fields.filter((f) => f.identifying).map((f) => f.value));
      await recent.add(path);
      return { file: { token, name: basename(path), sizeBytes }, record, ...(hints ? { hints } : {}) };
    },
  };
}
