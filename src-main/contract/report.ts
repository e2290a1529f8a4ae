import { z } from 'zod';
import { REPORT_LAYOUTS, REPORT_PAPERS, type ReportOptions } from '../core/report/options';
import { channel } from './define';

// Report channels (the ECG on paper: PDF, print). Owned by src-main/core/report/.

export type { ReportGain, ReportLayout, ReportOptions, ReportPaper, ReportSpeed } from '../core/report/options';

/** A generated PDF: its bytes (a Uint8Array over IPC, base64 over the web host's wire) and a name to save it as. */
export interface ReportPdf {
  fileName: string;
  pages: number;
  bytes: Uint8Array;
}

export interface SavedReport {
  /** False when the user cancelled the save dialog. */
  saved: boolean;
  /** The name it was saved under (no folder). */
  fileName?: string;
}

export interface PrintedReport {
  /** False when the user cancelled the print dialog (or the printer refused: see `reason`). */
  printed: boolean;
  reason?: string;
}

const reportOptions = z
  .object({
    paper: z.enum(REPORT_PAPERS),
    layout: z.enum(REPORT_LAYOUTS),
    speedMmPerS: z.union([z.literal(25), z.literal(50)]),
    gainMmPerMv: z.union([z.literal(5), z.literal(10), z.literal(20)]),
    filter: z
      .object({ band: z.enum(['none', 'diagnostic', 'monitoring']), notchHz: z.union([z.literal(0), z.literal(50), z.literal(60)]) })
      .strict(),
    hideIdentifiers: z.boolean(),
    startS: z.number().finite().min(0).max(7 * 86_400),
    groupIndex: z.number().int().min(0).max(255).optional(),
  })
  .strict() satisfies z.ZodType<ReportOptions>;

/** One ECG's report: the file, the page options, and whether to run the active pack for the AI summary page. */
const reportRequest = z.object({ token: z.string().min(1).max(200), options: reportOptions, ai: z.boolean() }).strict();

export const reportChannels = {
  /** Generates the PDF and returns its bytes (the web host downloads them; PNG export stays in the renderer). */
  'report:pdf': channel<ReportPdf>()(reportRequest),
  /** Electron: generates the PDF and saves it where the user chooses in the native save dialog. */
  'report:save': channel<SavedReport>()(reportRequest),
  /** Electron: generates the PDF and prints it through the system dialog at 100 % (never fit to page). */
  'report:print': channel<PrintedReport>()(reportRequest),
} as const;
