/**
 * The page flags `report` and `cohort report` share, parsed into ReportOptions (usage mistakes exit 2).
 */
import type { BandFilter, NotchFilter } from '../../../src-shared/ecg-paper/display-filter';
import {
  DEFAULT_REPORT_OPTIONS, REPORT_GAINS, REPORT_LAYOUTS, REPORT_PAPERS, REPORT_SPEEDS, type ReportOptions,
} from '../../core/report/options';
import { UsageError, stringFlag, type FlagSpec, type ParsedArgs } from '../args';

export const REPORT_FLAGS = {
  out: { type: 'string' },
  paper: { type: 'string' },
  layout: { type: 'string' },
  speed: { type: 'string' },
  gain: { type: 'string' },
  filter: { type: 'string' },
  notch: { type: 'string' },
  start: { type: 'string' },
  ai: { type: 'boolean' },
  'hide-identifiers': { type: 'boolean' },
  model: { type: 'string' },
} as const satisfies FlagSpec;

export const REPORT_FLAGS_USAGE = `  --paper a4|letter         Paper, landscape (default a4)
  --layout 3x4+1|3x4+3|6x2|12x1  Lead layout (default 3x4+1: 3x4 and a lead II rhythm strip)
  --speed 25|50             Paper speed, mm/s (default 25)
  --gain 5|10|20            Gain, mm/mV (default 10)
  --filter diagnostic|monitoring|none  Display filter on the traces (default diagnostic, 0.05-150 Hz)
  --notch 0|50|60           Mains notch, Hz (default 0: none)
  --start S                 First second on the page, for records longer than 10 s (default 0)
  --ai                      Add page 2: the model pack's AI summary and its variance over the leads
  --hide-identifiers        Leave out patient identifiers, the file name and the patient in the PDF metadata
  --model DIR               Model pack for --ai (default: the active bundled pack)
`;

function choice<T extends string | number>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const hit = allowed.find((a) => String(a) === raw.trim().toLowerCase() || String(a) === raw.trim());
  if (hit === undefined) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}.`);
  return hit;
}

/** The page options a command line asks for (defaults: the app's). */
export function reportOptionsFrom(args: ParsedArgs): ReportOptions {
  const d = DEFAULT_REPORT_OPTIONS;
  const start = stringFlag(args, 'start');
  const startS = start === undefined ? 0 : Number(start);
  if (!Number.isFinite(startS) || startS < 0) throw new UsageError('--start needs a number of seconds >= 0.');
  return {
    paper: choice(args, 'paper', REPORT_PAPERS, d.paper),
    layout: choice(args, 'layout', REPORT_LAYOUTS, d.layout),
    speedMmPerS: choice(args, 'speed', REPORT_SPEEDS, d.speedMmPerS),
    gainMmPerMv: choice(args, 'gain', REPORT_GAINS, d.gainMmPerMv),
    filter: {
      band: choice<BandFilter>(args, 'filter', ['diagnostic', 'monitoring', 'none'], d.filter.band),
      notchHz: choice<NotchFilter>(args, 'notch', [0, 50, 60], d.filter.notchHz),
    },
    hideIdentifiers: args.flags['hide-identifiers'] === true,
    startS,
  };
}
