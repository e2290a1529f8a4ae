/**
 * What a printed ECG report is asked to show: paper, layout, speed, gain, display filter and the optional
 * parts. The contract's zod schema, the CLI's flags and the renderer's menu all speak these values.
 */
import type { DisplayFilter } from '../../../src-shared/ecg-paper/display-filter';

/** Page layouts offered on paper (the canvas also has a median-beat view, which is not a printed format). */
export const REPORT_LAYOUTS = ['3x4+1', '3x4+3', '6x2', '12x1'] as const;
export type ReportLayout = (typeof REPORT_LAYOUTS)[number];

export const REPORT_PAPERS = ['a4', 'letter'] as const;
export type ReportPaper = (typeof REPORT_PAPERS)[number];

/** Paper speeds on paper, mm/s (12.5 mm/s is a screen-only overview). */
export const REPORT_SPEEDS = [25, 50] as const;
export type ReportSpeed = (typeof REPORT_SPEEDS)[number];

export const REPORT_GAINS = [5, 10, 20] as const;
export type ReportGain = (typeof REPORT_GAINS)[number];

export interface ReportOptions {
  paper: ReportPaper;
  layout: ReportLayout;
  speedMmPerS: ReportSpeed;
  gainMmPerMv: ReportGain;
  /** The display filter applied to the printed traces (the same filter code as the canvas). */
  filter: DisplayFilter;
  /** Leave out every identifying field, the file name, and the patient from the PDF metadata. */
  hideIdentifiers: boolean;
  /** First second of the rhythm group on the page (long records). */
  startS: number;
  /** Index into record.groups of the rhythm group to print (default: the first rhythm group). */
  groupIndex?: number;
}

/** The app's defaults: A4, 3x4 + II rhythm, 25 mm/s, 10 mm/mV, diagnostic filter, identifiers shown. */
export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  paper: 'a4',
  layout: '3x4+1',
  speedMmPerS: 25,
  gainMmPerMv: 10,
  filter: { band: 'diagnostic', notchHz: 0 },
  hideIdentifiers: false,
  startS: 0,
};

/** Paper sizes in millimetres, landscape (width x height): ISO 216 A4 and ANSI Letter (8.5 x 11 in). */
export const PAPER_MM: Record<ReportPaper, { widthMm: number; heightMm: number; label: string }> = {
  a4: { widthMm: 297, heightMm: 210, label: 'A4' },
  letter: { widthMm: 279.4, heightMm: 215.9, label: 'Letter' },
};

/** PDF points per millimetre (1 pt = 1/72 in). */
export const PT_PER_MM = 72 / 25.4;
