import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ecgChannels } from '../../contract/ecg';
import { readEcgFile } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import { CoreError } from '../errors';
import type { RecentFiles } from '../files/recent-files';
import { rememberIdentifiers } from '../log/redact';
import type { CoreDeps } from './deps';
import { confinedRead } from './read-roots';
import type { PartialHandlerMap } from './types';

/** Reads a file from disk into an EcgRecord (the format readers); injectable so tests can use a fake. */
export type EcgFileReader = (path: string) => Promise<EcgRecord>;

/** ECG channels: open a handed-out file. Paths come only from the registry; the reader's coded errors pass through. */
export function createEcgHandlers(
  deps: CoreDeps,
  recent: RecentFiles,
  // A token is re-checked against the roots each time it is opened: the file may have become a link since.
  read: EcgFileReader = (path) => readEcgFile(path, confinedRead(deps)),
): PartialHandlerMap<keyof typeof ecgChannels> {
  return {
    'ecg:open': async ({ token }) => {
      const path = deps.files.resolve(token, 'file');
      let sizeBytes: number;
      try {
        sizeBytes = (await stat(path)).size;
      } catch (error) {
        throw new CoreError('FILE_NOT_FOUND', 'This file no longer exists or cannot be read.', error);
      }
      const record = await read(path);
      // This record's identifiers are masked in any later log line (e.g. quoted by a third-party error).
      rememberIdentifiers(record.fields.filter((f) => f.identifying).map((f) => f.value));
      await recent.add(path);
      return { file: { token, name: basename(path), sizeBytes }, record };
    },
  };
}
