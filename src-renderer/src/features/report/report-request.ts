/**
 * The report a print/PDF request asks for, from what the review screen shows: the same layout (when it is a
 * printed one), speed, gain, display filter, identifiers choice, page start and rhythm group. Pure, so unit
 * tests pin the mapping.
 */
import type { ReportGain, ReportLayout, ReportOptions, ReportPaper, ReportSpeed } from '../../../../src-main/contract/index';
import type { DisplayFilter } from '../../../../src-shared/ecg-paper/display-filter';

/** Printed layouts (the canvas's median-beat view has no paper form). */
export const PRINT_LAYOUTS: readonly ReportLayout[] = ['3x4+1', '3x4+3', '6x2', '12x1'];
export const PRINT_SPEEDS: readonly ReportSpeed[] = [25, 50];
export const PRINT_GAINS: readonly ReportGain[] = [5, 10, 20];
export const PRINT_PAPERS: readonly { value: ReportPaper; label: string }[] = [
  { value: 'a4', label: 'A4' },
  { value: 'letter', label: 'Letter' },
];

/** The parts of the view a report follows. */
export interface ViewForReport {
  layout: string;
  speed: number;
  gain: number;
  filter: DisplayFilter;
  hideIdentifiers: boolean;
  startS: number;
}

/** The page the screen shows as report options: the screen-only 12.5 mm/s and median view fall back to 25 mm/s and 3x4+1. */
export function reportOptionsFromView(view: ViewForReport, paper: ReportPaper, rhythmGroupIndex: number | undefined): ReportOptions {
  const layout = PRINT_LAYOUTS.find((l) => l === view.layout) ?? '3x4+1';
  const speed = PRINT_SPEEDS.find((s) => s === view.speed) ?? 25;
  const gain = PRINT_GAINS.find((g) => g === view.gain) ?? 10;
  const options: ReportOptions = {
    paper,
    layout,
    speedMmPerS: speed,
    gainMmPerMv: gain,
    filter: { band: view.filter.band, notchHz: view.filter.notchHz },
    hideIdentifiers: view.hideIdentifiers,
    startS: Math.max(0, view.startS),
  };
  if (rhythmGroupIndex !== undefined) options.groupIndex = rhythmGroupIndex;
  return options;
}

/** The PNG's file name: the ECG's stem, never when identifiers are hidden (file names often carry the patient). */
export function pngFileName(ecgFileName: string, hideIdentifiers: boolean): string {
  if (hideIdentifiers) return 'ecg-view.png';
  const stem = ecgFileName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._ -]+/gu, '_') || 'ecg';
  return `${stem}-view.png`;
}
