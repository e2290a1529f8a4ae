/**
 * Format detection over the registered readers and the post-processing every format shares (lead
 * completion, sanity checks, warnings).
 */
import { CoreError } from '../errors';
import { completeStandardLeads } from './derive-leads';
import type { FormatReader, ReaderInput } from './format-reader';
import { MAX_TOTAL_SAMPLES } from './limits';
import { allLeadsUnusable, checkSampleRate, implausibleRecord, limitDuration, markImplausibleLeads } from './plausibility';
import { READERS } from './readers';
import { rhythmGroup, type EcgFormat, type EcgRecord, type Lead, type WaveformGroup } from './record';


/** Below this rate an ECG is not diagnostic quality (AHA recommendation: >= 500 Hz). */
const DIAGNOSTIC_RATE_HZ = 500;

function safeSniff(reader: FormatReader, input: ReaderInput): boolean {
  try {
    return reader.sniff(input);
  } catch {
    return false;
  }
}

/** The reader whose sniff accepts the bytes, in registry order; undefined when none does. */
export function findReader(input: ReaderInput, readers: readonly FormatReader[] = READERS): FormatReader | undefined {
  return readers.find((reader) => safeSniff(reader, input));
}

/** The format the bytes look like (content sniffing only), or undefined. */
export function detectFormat(input: ReaderInput): EcgFormat | undefined {
  return findReader(input)?.format;
}

/** Converts anything a reader threw into a CoreError; RangeError means a structure ran past the bytes. */
function asCoreError(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  if (error instanceof RangeError) {
    return new CoreError('TRUNCATED', 'The file ends before its declared content: it is truncated or damaged.', error);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new CoreError('INTERNAL', `The ECG reader failed unexpectedly (${detail}).`, error);
}

/** Two leads with one name (e.g. two channels both labelled "ECG") get " (2)", " (3)" suffixes. */
function uniqueNames(leads: Lead[]): Lead[] {
  const seen = new Map<string, number>();
  return leads.map((lead) => {
    const count = (seen.get(lead.name) ?? 0) + 1;
    seen.set(lead.name, count);
    return count === 1 ? lead : { ...lead, name: `${lead.name} (${count})` };
  });
}

function checkGroup(group: WaveformGroup, warnings: string[]): WaveformGroup | undefined {
  if (!Number.isFinite(group.sampleRateHz) || group.sampleRateHz <= 0 || group.sampleRateHz > 1_000_000) {
    throw new CoreError('CORRUPT', `The file states an impossible sample rate (${group.sampleRateHz} Hz): it is damaged.`);
  }
  checkSampleRate(group);
  const leads = group.leads.filter((lead) => lead.samples.length > 0);
  const emptied = group.leads.length - leads.length;
  if (emptied > 0) warnings.push(`${emptied} lead(s) of the ${group.kind} group hold no samples and were left out`);
  if (leads.length === 0) return undefined;
  return limitDuration({ ...group, leads: uniqueNames(leads) }, warnings);
}

/** Shared post-processing: drop empty leads/groups, derive missing limb leads, add quality warnings. */
export function finishRecord(record: EcgRecord): EcgRecord {
  const warnings = [...record.warnings];
  const groups: WaveformGroup[] = [];
  let total = 0;
  for (const raw of record.groups) {
    const checked = checkGroup(raw, warnings);
    if (checked === undefined) continue;
    const completed = completeStandardLeads(checked);
    if (completed.warning !== undefined) {
      const text = checked.kind === 'rhythm' ? completed.warning : `${checked.kind} beat: ${completed.warning}`;
      if (!warnings.includes(text)) warnings.push(text);
    }
    // After derivation, so a lead computed from an implausible one is marked too.
    const plausible = markImplausibleLeads(completed.group, warnings);
    for (const lead of plausible.leads) total += lead.samples.length;
    groups.push(plausible);
  }
  if (groups.length === 0) {
    throw new CoreError('NO_WAVEFORM', 'The file was recognised but holds no ECG waveform samples.');
  }
  if (total > MAX_TOTAL_SAMPLES * 1.5) {
    throw new CoreError('FILE_TOO_LARGE', 'The recording holds more samples than this viewer reads.');
  }
  const main = rhythmGroup({ ...record, groups });
  // The main waveform must have a plausible lead; another group without one (a damaged median beat) is left out.
  if (main !== undefined && allLeadsUnusable(main)) throw implausibleRecord(main);
  const shown = groups.filter((g) => !allLeadsUnusable(g));
  if (shown.length < groups.length) warnings.push('A waveform group with no plausible lead was left out.');
  if (main !== undefined && main.sampleRateHz < DIAGNOSTIC_RATE_HZ) {
    const rate = Number(main.sampleRateHz.toFixed(2));
    warnings.push(`Sample rate ${rate} Hz is below the ${DIAGNOSTIC_RATE_HZ} Hz recommended for diagnostic ECG`);
  }
  return { ...record, groups: shown, warnings };
}

/**
 * Decodes an ECG from bytes: the first registered reader whose content sniff matches reads it, then the
 * shared post-processing runs. Throws CoreError: NOT_AN_ECG when no reader recognises the bytes, otherwise
 * the reader's code (TRUNCATED, CORRUPT, NO_WAVEFORM, UNSUPPORTED_ENCODING, ...).
 */
export function readEcgBytes(input: ReaderInput, readers: readonly FormatReader[] = READERS): EcgRecord {
  if (input.bytes.length === 0) throw new CoreError('NOT_AN_ECG', 'The file is empty.');
  const reader = findReader(input, readers);
  if (reader === undefined) {
    throw new CoreError(
      'NOT_AN_ECG',
      'This file is not an ECG format the viewer knows (DICOM, HL7 aECG, GE MUSE XML, Philips XML, SCP-ECG, WFDB, EDF/BDF, CSV).',
    );
  }
  try {
    return finishRecord(reader.read(input));
  } catch (error) {
    throw asCoreError(error);
  }
}
