import type { ReaderHints } from '../../core/ecg/format-reader';
import { UsageError, stringFlag, type ParsedArgs } from '../args';

/** parseArgs spec of the flags that tell the readers what headerless files do not say. */
export const READER_HINT_FLAGS = { rate: { type: 'string' }, 'uv-per-unit': { type: 'string' } } as const;

export const READER_HINT_HELP = `  --rate <Hz>         Sample rate for files that do not state one (headerless CSV)
  --uv-per-unit <x>   Microvolts per stored unit for files that do not state their units`;

function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--${flag} needs a positive number.`);
  return v;
}

/** The hints given with --rate / --uv-per-unit, or undefined when neither was given. */
export function readerHintFlags(args: ParsedArgs): ReaderHints | undefined {
  const hints: ReaderHints = {};
  const rate = positiveNumber(stringFlag(args, 'rate'), 'rate');
  const perUnit = positiveNumber(stringFlag(args, 'uv-per-unit'), 'uv-per-unit');
  if (rate !== undefined) hints.sampleRateHz = rate;
  if (perUnit !== undefined) hints.uvPerUnit = perUnit;
  return Object.keys(hints).length > 0 ? hints : undefined;
}
