/**
 * Where a prior ECG of the same patient can come from. Each source is a small object in one list, so another
 * (a PACS query by patient ID) is added by appending one entry: it receives what is known of the ECG on screen
 * and answers with local file paths; the candidates step (candidates.ts) reads, matches and ranks them all alike.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CohortStore } from '../cohort/store';
import { compareFileNames, looksLikeEcgFile } from '../files/ecg-file-names';
import type { RecentFiles } from '../files/recent-files';

/** Identifies a source in the UI ("same folder", "recent", ...). */
export type PriorSourceId = 'folder' | 'recent' | 'cohort' | 'pacs';

/** What a source is told about the ECG on screen. patientId is PHI: sources use it, never log it. */
export interface PriorQuery {
  path: string;
  patientId: string | null;
  acquisitionTime: string | null;
}

export interface PriorSource {
  id: PriorSourceId;
  /** Local paths of candidate ECGs (the caller drops the current file, duplicates and unreadable ones). */
  find(query: PriorQuery): Promise<string[]>;
}

/** Most files of the current folder read to look for the same patient (each is decoded). */
export const FOLDER_LIMIT = 100;

/** ECG files beside the current one, in the order a file manager shows them. */
export function folderSource(allowed: (path: string) => Promise<boolean>): PriorSource {
  return {
    id: 'folder',
    async find(q) {
      const folder = dirname(q.path);
      let names: string[];
      try {
        names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isFile() && looksLikeEcgFile(d.name)).map((d) => d.name);
      } catch {
        return [];
      }
      const paths = names.sort(compareFileNames).map((n) => join(folder, n)).filter((p) => p !== q.path).slice(0, FOLDER_LIMIT);
      const ok = await Promise.all(paths.map(allowed));
      return paths.filter((_, i) => ok[i]);
    },
  };
}

/** The recently opened files. */
export function recentSource(recent: RecentFiles, allowed: (path: string) => Promise<boolean>): PriorSource {
  return {
    id: 'recent',
    async find() {
      const paths = await recent.list();
      const ok = await Promise.all(paths.map(allowed));
      return paths.filter((_, i) => ok[i]);
    },
  };
}

/** ECGs of the same patient ID in any cohort of the local cohort database (when there is one). */
export function cohortSource(dbPath: string, allowed: (path: string) => Promise<boolean>): PriorSource {
  let store: CohortStore | undefined;
  return {
    id: 'cohort',
    async find(q) {
      if (!q.patientId || !existsSync(dbPath)) return [];
      store ??= CohortStore.open(dbPath);
      const rows = store.db
        .prepare('SELECT DISTINCT path FROM ecg_files WHERE patient_id = ? ORDER BY acquisition_time DESC LIMIT 50')
        .all(q.patientId) as { path: string }[];
      const paths = rows.map((r) => r.path).filter((p) => p !== q.path && existsSync(p));
      const ok = await Promise.all(paths.map(allowed));
      return paths.filter((_, i) => ok[i]);
    },
  };
}
