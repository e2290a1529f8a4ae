import { z } from 'zod';
import type {
  CohortMetrics, CohortSummary, JobProgress, LabelJoinReport, QueueCounts, RowOverread, RowPage, StoredPrediction,
} from '../core/cohort/types';
import type { ModelSummary } from '../core/model/types';
import type { FileRef } from './app';
import { channel, event } from './define';
import { LABEL_DATE_FORMATS } from '../core/cohort/label-dates';

// Cohort channels (store, batch scoring, worklist, overread, metrics, export). Owned by src-main/core/cohort/.

export type {
  CohortMetrics, CohortSummary, CohortRow, JobProgress, JobState, LabelJoinReport, Queue, QueueCounts, RowOverread,
  RowPage, RowSortKey, StoredPrediction, Verdict,
} from '../core/cohort/types';
export type { CalibrationBin, Confusion, CoveragePoint, GroupSummary } from '../core/cohort/metrics';
export type { LabelDateFormat } from '../core/cohort/label-dates';

const id = z.number().int().positive();
const token = z.string().min(1).max(200);
const queue = z.enum(['positive', 'uncertain', 'negative']);
const sortKey = z.enum(['risk', 'uncertainty', 'fileName', 'acquisitionTime', 'queue', 'lvef']);
const direction = z.enum(['asc', 'desc']);
const dateFormat = z.enum(LABEL_DATE_FORMATS).optional();
const paging = { offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) };

export interface WorklistPage {
  counts: QueueCounts[];
  page: RowPage;
}

/** A cohort ECG's stored prediction with the pack that made it, as the review workspace shows it. */
export interface StoredPredictionDto extends StoredPrediction {
  /** The pack's identity (from the installed pack; a placeholder that says so when it is no longer installed). */
  model: ModelSummary;
  /** Whether that pack (same id and version) is installed. */
  packInstalled: boolean;
  /** The pack's split and abstain percentiles (what "high" and "abstain" mean), when it is installed. */
  splitPercentile: number | null;
  abstainPercentile: number | null;
}

export interface CohortExport {
  csv: string;
  fileName: string;
  rows: number;
  /** Overread notes a de-identified export left out (0 otherwise). */
  droppedNotes: number;
  /** What a de-identified export left out, in words (null for the identified export). */
  notice: string | null;
}

export const cohortChannels = {
  'cohort:list': channel<CohortSummary[]>()(z.object({}).strict()),
  'cohort:create': channel<CohortSummary>()(
    z.object({ name: z.string().trim().min(1).max(120), description: z.string().max(2000).default('') }).strict(),
  ),
  /** Starts scoring a folder (recursive) or files into a cohort, optionally with a labels sheet; progress by event. */
  'cohort:import': channel<{ jobId: string }>()(
    z
      .object({
        cohortId: id,
        folderToken: token.optional(),
        fileTokens: z.array(token).min(1).max(100_000).optional(),
        labelsToken: token.optional(),
        /** How the labels sheet writes its echo dates; ISO (YYYY-MM-DD) when absent. */
        dateFormat,
        /** Pack id; the active pack when absent. */
        modelId: z.string().min(1).max(100).optional(),
      })
      .strict()
      .refine((r) => (r.folderToken === undefined) !== (r.fileTokens === undefined), {
        message: 'Give a folder or a list of files (one of them).',
      }),
  ),
  /** Rescores the cohort's scored ECGs that have no stored embedding (scored before embeddings were kept). */
  'cohort:rescore': channel<{ jobId: string | null; files: number }>()(z.object({ cohortId: id }).strict()),
  'cohort:pause': channel<JobProgress | null>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  'cohort:resume': channel<JobProgress | null>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  'cohort:cancel': channel<JobProgress | null>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  /** The cohort's imports with their last progress (to re-attach a screen to a running import). */
  'cohort:jobs': channel<JobProgress[]>()(z.object({ cohortId: id }).strict()),
  /** Imports (replaces) the cohort's labels and joins them to its ECGs; the report lists what did not join. */
  'cohort:labels': channel<LabelJoinReport>()(z.object({ cohortId: id, labelsToken: token, dateFormat }).strict()),
  'cohort:rows': channel<RowPage>()(
    z
      .object({
        cohortId: id,
        sort: sortKey.default('risk'),
        direction: direction.default('desc'),
        filter: z
          .object({
            queue: queue.optional(),
            status: z.enum(['scored', 'failed', 'pending']).optional(),
            overread: z.enum(['none', 'done']).optional(),
            search: z.string().max(200).optional(),
          })
          .strict()
          .default({}),
        ...paging,
      })
      .strict(),
  ),
  'cohort:worklist': channel<WorklistPage>()(
    z
      .object({
        cohortId: id,
        queue,
        sort: z.enum(['risk', 'uncertainty']).default('risk'),
        direction: direction.default('desc'),
        /** Include ECGs that already have an overread (default: only those still to review). */
        includeReviewed: z.boolean().default(false),
        ...paging,
      })
      .strict(),
  ),
  'cohort:overread': channel<RowOverread>()(
    z
      .object({
        fileId: id,
        verdict: z.enum(['agree', 'disagree', 'unsure']),
        note: z.string().max(4000).default(''),
        reviewer: z.string().trim().min(1).max(120),
      })
      .strict(),
  ),
  /** The stored prediction of a cohort ECG for the cohort's model (null when not scored with it). */
  'cohort:prediction': channel<StoredPredictionDto | null>()(z.object({ fileId: id }).strict()),
  /** Hands out the ECG file of a cohort row so the review workspace can open it (ecg:open). */
  'cohort:open-file': channel<FileRef>()(z.object({ fileId: id }).strict()),
  'cohort:metrics': channel<CohortMetrics>()(
    z.object({ cohortId: id, splitPercentile: z.number().min(1).max(99).default(50), seed: z.number().int().default(20240601) }).strict(),
  ),
  /** CSV (one row per ECG, REDCap-ready names) and a suggested file name; the renderer saves it. */
  'cohort:export': channel<CohortExport>()(
    z.object({ cohortId: id, deidentify: z.boolean().default(false), salt: z.string().min(8).max(200).optional() }).strict(),
  ),
} as const;

export const cohortEvents = {
  'cohort:progress': event<JobProgress>(),
} as const;
