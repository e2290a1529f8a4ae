import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How many recently opened files are remembered. */
export const RECENT_LIMIT = 12;

/**
 * The recently opened ECG files, kept as a small JSON list in the user's data folder. Paths stay on disk in
 * the user's own folder (never in logs); the renderer only ever receives fresh tokens for them.
 */
export class RecentFiles {
  private readonly file: string;
  private cache: string[] | undefined;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-files.json');
  }

  /** Most recent first. A missing or damaged list reads as empty (it is a convenience, not data). */
  async list(): Promise<string[]> {
    if (this.cache) return [...this.cache];
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      const paths = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
      this.cache = paths.slice(0, RECENT_LIMIT);
    } catch {
      this.cache = [];
    }
    return [...this.cache];
  }

  /** Moves `path` to the front and persists; write failures are ignored (read-only data folder). */
  async add(path: string): Promise<void> {
    const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, RECENT_LIMIT);
    this.cache = next;
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      // Write then rename so a crash never leaves half a file behind.
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(next), 'utf8');
      await rename(tmp, this.file);
    } catch {
      // The list is a convenience: failing to save it must not fail opening the ECG.
    }
  }
}
