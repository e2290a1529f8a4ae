/**
 * The reader's latest overread of an ECG, looked up by file content in a cohort database, so a report of a
 * file opened on its own still carries the verdict given to the same content in a cohort.
 */
import { existsSync } from 'node:fs';
import { CohortStore } from '../cohort/store';
import type { Verdict } from '../cohort/types';
import type { ReportOverread } from './ai-summary';

interface OverreadRow {
  verdict: Verdict;
  reviewer: string;
  note: string;
  at: string;
}

/** The latest overread of any cohort ECG with this content; null when none (or when there is no database). */
export function latestOverreadBySha(dbPath: string | undefined, sha256: string): ReportOverread | null {
  if (dbPath === undefined || !existsSync(dbPath)) return null;
  const store = CohortStore.open(dbPath);
  try {
    const row = store.db
      .prepare(
        `SELECT o.verdict AS verdict, o.reviewer AS reviewer, o.note AS note, o.created_at AS at
         FROM overreads o JOIN ecg_files f ON f.id = o.ecg_file_id WHERE f.sha256 = ? ORDER BY o.id DESC LIMIT 1`,
      )
      .get(sha256) as OverreadRow | undefined;
    return row ?? null;
  } finally {
    store.close();
  }
}
