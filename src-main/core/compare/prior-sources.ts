/**
 * Where a prior ECG of the same patient can come from. Each source is a small object in one list, so another is
 * added by appending one entry: it receives what is known of the ECG on screen and answers with local files (the
 * candidates step, candidates.ts, reads, matches and ranks them all alike) and, for a remote source such as a PACS,
 * ECGs not on this machine yet, listed from what the archive says of them (nothing is fetched to list them).
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CohortStore } from '../cohort/store';
import type { CoreError } from '../errors';
import { compareFileNames, looksLikeEcgFile } from '../files/ecg-file-names';
import type { RecentFiles } from '../files/recent-files';

/** Identifies a source in the UI ("same folder", "recent", ...). */
export type PriorSourceId = 'folder' | 'recent' | 'cohort' | 'pacs';

/** What a source is told about the ECG on screen. patientId is PHI: sources use it, never log it. */
export interface PriorQuery {
  path: string;
  patientId: string | null;
  acquisitionTime: string | null;
  /** The DICOM SOP Instance UID of the ECG on screen (null for other formats): an archive's copy of it is not a prior. */
  sopInstanceUid: string | null;
}

/** How to fetch an ECG a PACS holds: what 'pacs:retrieve' needs for exactly this instance. */
export interface PacsPriorRef {
  nodeId: string;
  /** The node's name as the settings show it. */
  nodeName: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  /** The waveform kind ("12-Lead ECG Waveform Storage", ...). */
  sopClassName: string;
}

/** An ECG a remote source holds and this machine does not (yet): listed from the archive's own description. */
export interface RemotePrior {
  sopInstanceUid: string;
  /** The patient ID the archive states (PHI: matched, never sent to the renderer or logged). */
  patientId: string | null;
  acquisitionTime: string | null;
  description: string | null;
  pacs: PacsPriorRef;
}

/** A local file a source suggests; what the source knows of it (a PACS study's description, the waveform kind). */
export interface PriorFile {
  path: string;
  description?: string;
  kind?: string;
}

export interface PriorFinding {
  files: PriorFile[];
  remote?: RemotePrior[];
}

/** Whether a source is asked for this ECG: 'ask', 'skip' (silently: nothing configured), or a notice saying why not. */
export type PriorPlan = 'ask' | 'skip' | { notice: string };

export interface PriorSource {
  id: PriorSourceId;
  /**
   * Set on sources that ask another machine: they may be slow or down, so they are asked only when the caller
   * includes remote sources, and are given up on after `deadlineMs` (the suggestions go on without them, with
   * `deadlineError()`'s message as the notice).
   */
  remote?: { deadlineMs: number; deadlineError: () => CoreError };
  /** Whether to ask this source for this ECG (absent: always). A rejection becomes a notice. */
  plan?(query: PriorQuery): Promise<PriorPlan>;
  /** Candidates (the caller drops the current ECG, duplicates and unreadable files); stops early when `signal` aborts. */
  find(query: PriorQuery, signal: AbortSignal): Promise<PriorFinding>;
}

/** Most files of the current folder read to look for the same patient (each is decoded). */
export const FOLDER_LIMIT = 100;

/** The paths the web host may open (all of them in the desktop app). */
async function allowedFiles(paths: string[], allowed: (path: string) => Promise<boolean>): Promise<PriorFinding> {
  const ok = await Promise.all(paths.map(allowed));
  return { files: paths.filter((_, i) => ok[i]).map((path) => ({ path })) };
}

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
        return { files: [] };
      }
      return allowedFiles(names.sort(compareFileNames).map((n) => join(folder, n)).filter((p) => p !== q.path).slice(0, FOLDER_LIMIT), allowed);
    },
  };
}

/** The recently opened files. */
export function recentSource(recent: RecentFiles, allowed: (path: string) => Promise<boolean>): PriorSource {
  return {
    id: 'recent',
    async find() {
      return allowedFiles(await recent.list(), allowed);
    },
  };
}

/** ECGs of the same patient ID in any cohort of the local cohort database (when there is one). */
export function cohortSource(dbPath: string, allowed: (path: string) => Promise<boolean>): PriorSource {
  let store: CohortStore | undefined;
  return {
    id: 'cohort',
    async find(q) {
      if (!q.patientId || !existsSync(dbPath)) return { files: [] };
      store ??= CohortStore.open(dbPath);
      const rows = store.db
        .prepare('SELECT DISTINCT path FROM ecg_files WHERE patient_id = ? ORDER BY acquisition_time DESC LIMIT 50')
        .all(q.patientId) as { path: string }[];
      return allowedFiles(rows.map((r) => r.path).filter((p) => p !== q.path && existsSync(p)), allowed);
    },
  };
}
