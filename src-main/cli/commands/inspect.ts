import { open } from 'node:fs/promises';
import { toErrorValue, type ErrorValue } from '../../core/errors';
import { readEcgFile, rhythmStats, type LeadStats } from '../../core/ecg';
import { formatFromHead } from '../../core/ecg/read-file';
import type { ReaderHints } from '../../core/ecg/format-reader';
import { groupDurationS, rhythmGroup, type EcgFormat, type EcgRecord } from '../../core/ecg/record';
import { parseArgs, UsageError } from '../args';
import type { CliCommand, CliIo } from '../types';
import { READER_HINT_FLAGS, READER_HINT_HELP, readerHintFlags } from './reader-hint-flags';

/** One input's result, exactly the shape `inspect --json` prints. */
export interface InspectResult {
  path: string;
  ok: boolean;
  format: EcgFormat | null;
  sampleRateHz: number | null;
  durationS: number | null;
  leads: LeadStats[];
  error?: ErrorValue;
}

/** The JSON result plus what only the table shows (reader warnings: no patient data by contract). */
interface InspectOutcome {
  result: InspectResult;
  warnings: string[];
}

const USAGE = `Usage: echoing-ecg inspect [--json] [--rate <Hz>] [--uv-per-unit <x>] <file...>

Decodes each ECG file (DICOM, HL7 aECG, GE MUSE XML, Philips XML, SCP-ECG, WFDB .hea, EDF/BDF, CSV)
and prints its format, sample rate, duration and per-lead statistics of the rhythm strip in microvolts.

Options:
  --json              Print one JSON array, one object per file
${READER_HINT_HELP}
Exit code: 0 when every file was read, 1 otherwise, 2 on a usage mistake.
`;

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

/** The format a refused file's head names (a refused file is never read whole). */
async function sniffFormat(path: string): Promise<EcgFormat | null> {
  try {
    const file = await open(path, 'r');
    try {
      return (await formatFromHead(file)) ?? null;
    } finally {
      await file.close();
    }
  } catch {
    return null;
  }
}

/** Reads one file into its inspect result; never throws. */
export async function inspectFile(path: string, hints?: ReaderHints): Promise<InspectResult> {
  return (await inspect(path, hints)).result;
}

async function inspect(path: string, hints?: ReaderHints): Promise<InspectOutcome> {
  let record: EcgRecord;
  try {
    record = await readEcgFile(path, hints ? { hints } : {});
  } catch (error) {
    const format = await sniffFormat(path);
    return { result: { path, ok: false, format, sampleRateHz: null, durationS: null, leads: [], error: toErrorValue(error) }, warnings: [] };
  }
  const group = rhythmGroup(record);
  const leads = rhythmStats(record).map((s) => ({
    ...s,
    meanUv: round(s.meanUv),
    rmsUv: round(s.rmsUv),
    minUv: round(s.minUv),
    maxUv: round(s.maxUv),
  }));
  const result: InspectResult = {
    path,
    ok: true,
    format: record.format,
    sampleRateHz: group ? round(group.sampleRateHz, 6) : null,
    durationS: group ? round(groupDurationS(group), 6) : null,
    leads,
  };
  return { result, warnings: record.warnings };
}

function table({ result, warnings }: InspectOutcome): string {
  if (!result.ok) return `${result.path}\n  FAILED ${result.error?.code}: ${result.error?.message}\n`;
  const head = `${result.path}\n  ${result.format}  ${result.sampleRateHz} Hz  ${result.durationS} s  ${result.leads.length} leads\n`;
  const cols = ['lead', 'samples', 'mean uV', 'rms uV', 'min uV', 'max uV'];
  const rows = result.leads.map((l) => [
    l.unusable !== undefined ? `${l.name}!` : l.derived ? `${l.name}*` : l.name,
    String(l.samples),
    l.meanUv.toFixed(1),
    l.rmsUv.toFixed(1),
    l.minUv.toFixed(1),
    l.maxUv.toFixed(1),
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}\n`;
  const derived = result.leads.some((l) => l.derived) ? '  * derived from I and II\n' : '';
  const unusable = result.leads.some((l) => l.unusable !== undefined) ? '  ! unusable: implausible samples (see the note)\n' : '';
  const notes = warnings.map((w) => `  note: ${w}\n`).join('');
  return head + line(cols) + rows.map(line).join('') + derived + unusable + notes;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, { json: { type: 'boolean' }, ...READER_HINT_FLAGS });
  if (parsed.positionals.length === 0) throw new UsageError('Give at least one ECG file.');
  const hints = readerHintFlags(parsed);
  const outcomes: InspectOutcome[] = [];
  for (const path of parsed.positionals) outcomes.push(await inspect(path, hints));
  if (parsed.flags.json === true) io.stdout(`${JSON.stringify(outcomes.map((o) => o.result))}\n`);
  else io.stdout(outcomes.map(table).join('\n'));
  return outcomes.every((o) => o.result.ok) ? 0 : 1;
}

/** `echoing-ecg inspect [--json] <file...>`: decode ECG files and print rate, duration and lead statistics. */
export const command: CliCommand = {
  name: 'inspect',
  summary: 'Decode ECG files and print format, sample rate, duration and per-lead statistics',
  usage: USAGE,
  run,
};
