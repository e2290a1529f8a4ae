import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReaderHints } from '../ecg/format-reader';

/** How many folders keep their reading hints (oldest forgotten first). */
export const FOLDER_HINTS_LIMIT = 200;

const MAX_RATE_HZ = 100_000;
const MAX_UV_PER_UNIT = 1_000_000;

/** The hints with only plausible values kept (a hand-edited or damaged file never feeds the readers nonsense). */
export function cleanHints(raw: unknown): ReaderHints {
  const out: ReaderHints = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const { sampleRateHz, uvPerUnit } = raw as Record<string, unknown>;
  if (typeof sampleRateHz === 'number' && sampleRateHz > 0 && sampleRateHz <= MAX_RATE_HZ) out.sampleRateHz = sampleRateHz;
  if (typeof uvPerUnit === 'number' && uvPerUnit > 0 && uvPerUnit <= MAX_UV_PER_UNIT) out.uvPerUnit = uvPerUnit;
  return out;
}

function isEmpty(h: ReaderHints): boolean {
  return h.sampleRateHz === undefined && h.uvPerUnit === undefined;
}

/**
 * What the user told the app about files of a folder that do not state it themselves (the sample rate and
 * amplitude unit of headerless CSV exports), kept as a small JSON map folder -> hints in the data folder, so
 * every file of an export folder opens (and scores) without asking again. Folder paths stay in the user's own
 * data folder; they never reach logs or the renderer.
 */
export class FolderHints {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'folder-hints.json');
  }

  private async load(): Promise<[string, ReaderHints][]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      const folders = (parsed as { folders?: unknown }).folders;
      if (!Array.isArray(folders)) return [];
      return folders
        .filter((e): e is [string, unknown] => Array.isArray(e) && typeof e[0] === 'string')
        .map(([folder, hints]): [string, ReaderHints] => [folder, cleanHints(hints)])
        .filter(([, hints]) => !isEmpty(hints));
    } catch {
      // Missing or damaged: no hints (the file asks again), never a failure to open.
      return [];
    }
  }

  /** Every folder's remembered hints, most recent first (a scoring job takes them along as plain data). */
  all(): Promise<[string, ReaderHints][]> {
    return this.load();
  }

  /** The hints remembered for the folder holding `filePath`, or undefined. */
  async forFile(filePath: string): Promise<ReaderHints | undefined> {
    const folder = dirname(filePath);
    return (await this.load()).find(([f]) => f === folder)?.[1];
  }

  /** Remembers `hints` for the folder holding `filePath` (most recent first); write failures are ignored. */
  async remember(filePath: string, hints: ReaderHints): Promise<void> {
    const clean = cleanHints(hints);
    if (isEmpty(clean)) return;
    const folder = dirname(filePath);
    const next = [[folder, clean] as [string, ReaderHints], ...(await this.load()).filter(([f]) => f !== folder)].slice(0, FOLDER_HINTS_LIMIT);
    try {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: 1, folders: next }), 'utf8');
      await rename(tmp, this.file);
    } catch {
      // A read-only data folder: the hints then last for this request only.
    }
  }
}
