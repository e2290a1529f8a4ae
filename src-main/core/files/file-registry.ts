import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { FileRef } from '../../contract/app';
import { CoreError } from '../errors';

interface Entry {
  path: string;
  kind: FileRef['kind'];
  sizeBytes?: number;
}

/**
 * Paths the renderer may use, keyed by unguessable tokens. Only main-side code hands paths out (native dialog,
 * drop resolved by the preload, the web host's browser under its allowed roots); the renderer never sends a path.
 */
export class FileRegistry {
  private readonly byToken = new Map<string, Entry>();
  private readonly byPath = new Map<string, string>();

  /** Registers a path chosen by main and returns its reference (the same token for the same path). */
  handOut(path: string, kind: FileRef['kind'], sizeBytes?: number): FileRef {
    let token = this.byPath.get(path);
    if (token === undefined) {
      token = randomBytes(16).toString('hex');
      this.byPath.set(path, token);
      this.byToken.set(token, { path, kind, sizeBytes });
    }
    const ref: FileRef = { token, name: basename(path), kind };
    if (sizeBytes !== undefined) ref.sizeBytes = sizeBytes;
    return ref;
  }

  /** The path behind a token; throws UNKNOWN_FILE_TOKEN for anything main did not hand out. */
  resolve(token: string, kind?: FileRef['kind']): string {
    const entry = this.byToken.get(token);
    if (!entry || (kind !== undefined && entry.kind !== kind)) {
      throw new CoreError('UNKNOWN_FILE_TOKEN', 'This file was not opened through the application; open it again.');
    }
    return entry.path;
  }
}
