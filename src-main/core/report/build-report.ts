/**
 * A report of one ECG file, from its path: the file's content hash, its decoded record, the model's prediction
 * when asked for, the latest overread of the same content in a cohort database, then the PDF. Shared by the
 * app's report channels, the `report` command and the cohort report.
 */
import { basename, extname } from 'node:path';
import { hashFile } from '../cohort/file-source';
import { readEcgFile } from '../ecg/index';
import type { EcgRecord } from '../ecg/record';
import type { PredictOptions, PredictionResult } from '../model/types';
import type { ReportOverread } from './ai-summary';
import type { ReportOptions } from './options';
import { latestOverreadBySha } from './overread';
import { renderReportPdf, reportGroup, type RenderedReport } from './render-report';

/** The part of a loaded model a report needs. */
export interface ReportModel {
  predict(record: EcgRecord, options?: PredictOptions): Promise<PredictionResult>;
}

export interface BuildReportRequest {
  path: string;
  options: ReportOptions;
  app: { name: string; version: string };
  /** Runs this model on the record for the AI page (no AI page when absent). */
  model?: ReportModel | null;
  /** Where to look for an overread: a cohort database file (skipped when absent or missing). */
  cohortDbPath?: string;
  /** An overread already known (the cohort report passes the row's); wins over the database lookup. */
  overread?: ReportOverread | null;
  createdAt?: Date;
  /** Folders the file must lie in (the web host's roots, re-checked on every use of a token); absent: anywhere. */
  roots?: readonly string[];
}

export interface BuiltReport extends RenderedReport {
  /** A file name to save the PDF under: the ECG file's stem, or its content hash when identifiers are hidden. */
  fileName: string;
  sha256: string;
}

/** The suggested PDF name: never the file name when identifiers are hidden (file names often carry the patient). */
export function reportFileName(ecgFileName: string, sha256: string, hideIdentifiers: boolean): string {
  if (hideIdentifiers) return `ecg-${sha256.slice(0, 12)}.pdf`;
  const stem = basename(ecgFileName, extname(ecgFileName)).replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'ecg';
  return `${stem}-ecg.pdf`;
}

/** Reads, optionally predicts, looks up the overread, and renders. Rejects with the reader's or the model's coded error. */
export async function buildReport(req: BuildReportRequest): Promise<BuiltReport> {
  const { sha256 } = await hashFile(req.path);
  // Confined to the roots when given: a file that became a link out of them is refused (its hash is never shown).
  const record = await readEcgFile(req.path, req.roots ? { roots: req.roots } : {});
  reportGroup(record, req.options.groupIndex); // a wrong group index fails before the model runs
  const prediction = req.model ? await req.model.predict(record) : null;
  const overread = req.overread !== undefined ? req.overread : latestOverreadBySha(req.cohortDbPath, sha256);
  const name = basename(req.path);
  const rendered = await renderReportPdf({
    record,
    file: { name, sha256 },
    options: req.options,
    app: req.app,
    prediction,
    overread,
    createdAt: req.createdAt,
  });
  return { ...rendered, fileName: reportFileName(name, sha256, req.options.hideIdentifiers), sha256 };
}
