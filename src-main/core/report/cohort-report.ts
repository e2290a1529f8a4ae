/**
 * The cohort report: one PDF per ECG of a worklist queue (or of every scored ECG), in worklist order (highest
 * risk first), each with its overread from the cohort database. One unreadable file never stops the run: it is
 * listed with its coded error and the others are written.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { queryRows } from '../cohort/queries';
import type { CohortStore } from '../cohort/store';
import type { CohortRow, Queue } from '../cohort/types';
import { CoreError, toErrorValue, type ErrorValue } from '../errors';
import { buildReport, type ReportModel } from './build-report';
import type { ReportOptions } from './options';

export interface CohortReportRequest {
  store: CohortStore;
  cohortId: number;
  outDir: string;
  /** One worklist queue; every scored ECG when absent. */
  queue?: Queue;
  options: ReportOptions;
  app: { name: string; version: string };
  model?: ReportModel | null;
  createdAt?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface CohortReportResult {
  written: { fileId: number; pdf: string; pages: number; bytes: number }[];
  failed: { fileId: number; error: ErrorValue }[];
}

const PAGE = 500;

/** The cohort's scored rows of a queue in worklist order (risk, highest first). */
export function worklistRows(store: CohortStore, cohortId: number, queue: Queue | undefined): CohortRow[] {
  const rows: CohortRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = queryRows(store, { cohortId, sort: 'risk', direction: 'desc', filter: { status: 'scored', ...(queue ? { queue } : {}) }, offset, limit: PAGE });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

/** Writes the PDFs into `outDir` as NNN-<name>.pdf (NNN: worklist position). */
export async function writeCohortReports(req: CohortReportRequest): Promise<CohortReportResult> {
  const rows = worklistRows(req.store, req.cohortId, req.queue);
  try {
    mkdirSync(req.outDir, { recursive: true });
  } catch (error) {
    throw new CoreError('REPORT_WRITE_FAILED', 'The output folder could not be created.', error);
  }
  const width = Math.max(3, String(rows.length).length);
  const result: CohortReportResult = { written: [], failed: [] };
  for (const [i, row] of rows.entries()) {
    try {
      const built = await buildReport({
        path: req.store.filePath(row.fileId),
        options: req.options,
        app: req.app,
        model: req.model,
        overread: row.overread,
        createdAt: req.createdAt,
      });
      const pdf = `${String(i + 1).padStart(width, '0')}-${built.fileName}`;
      try {
        await writeFile(join(req.outDir, pdf), built.bytes);
      } catch (error) {
        throw new CoreError('REPORT_WRITE_FAILED', 'A report could not be written to the output folder.', error);
      }
      result.written.push({ fileId: row.fileId, pdf, pages: built.pages, bytes: built.bytes.length });
    } catch (error) {
      const value = toErrorValue(error);
      // A full disk or a read-only folder fails every file alike: stop rather than report each one.
      if (value.code === 'REPORT_WRITE_FAILED') throw error;
      result.failed.push({ fileId: row.fileId, error: value });
    }
    req.onProgress?.(i + 1, rows.length);
  }
  return result;
}
