import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors';
import { isDicomUid } from './waveform-classes';

export const PACS_CACHE_DIR = 'pacs-cache';

/**
 * Retrieved instances in <dataDir>/pacs-cache, one file per SOP Instance UID (the UID is the file name, a
 * hash prefix spreads them over 256 folders). A UID names exactly one instance, so an instance in the
 * cache is never fetched again; files are written to a temporary name and renamed, so a crash or a server
 * that stops mid-transfer never leaves half an instance under its real name.
 */
export class InstanceCache {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, PACS_CACHE_DIR);
  }

  /** The file of an instance (whether or not it is cached). Refuses anything that is not a DICOM UID. */
  pathOf(sopInstanceUid: string): string {
    if (!isDicomUid(sopInstanceUid)) throw new CoreError('PACS_PROTOCOL_ERROR', 'The PACS sent an invalid SOP Instance UID.');
    const shard = createHash('sha1').update(sopInstanceUid).digest('hex').slice(0, 2);
    return join(this.dir, shard, `${sopInstanceUid}.dcm`);
  }

  /** Size of the cached file, or undefined when the instance is not cached. */
  async size(sopInstanceUid: string): Promise<number | undefined> {
    try {
      const s = await stat(this.pathOf(sopInstanceUid));
      return s.isFile() && s.size > 0 ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  async has(sopInstanceUid: string): Promise<boolean> {
    return (await this.size(sopInstanceUid)) !== undefined;
  }

  /** Stores a Part 10 file under its UID (atomically) and returns its path. */
  async put(sopInstanceUid: string, part10: Uint8Array): Promise<string> {
    const path = this.pathOf(sopInstanceUid);
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${Date.now()}.part`;
    await writeFile(tmp, part10, { mode: 0o600 });
    await rename(tmp, path);
    return path;
  }
}
