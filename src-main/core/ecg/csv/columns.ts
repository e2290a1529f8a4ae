/** Header cells -> column roles: a time column (s or ms), a sample-index column, or a lead with its unit. */
import { normaliseLeadName } from '../lead-names';
import { unitToUv } from './layout';

export type ColumnRole =
  | { kind: 'time'; secondsPerUnit: number }
  | { kind: 'index' }
  | { kind: 'lead'; name: string; uvPerUnit?: number };

/** "V1 (mV)", "II [uV]", "aVR_mV", "time (s)", "t_ms". */
export function columnRole(cell: string, position: number): ColumnRole {
  const unitMatch = /^(.*?)[\s_]*[([]\s*([^)\]]+?)\s*[)\]]\s*$/.exec(cell) ?? /^(.*?)[\s_]+(mv|uv|µv|μv|ms|s)$/i.exec(cell);
  const base = (unitMatch?.[1] ?? cell).trim();
  const unit = unitMatch?.[2]?.trim();
  if (/^(?:time|t|timestamp|elapsed(?: time)?|seconds?|sec|ms|millis(?:econds)?)$/i.test(base)) {
    const ms = (unit !== undefined && /^ms$|milli/i.test(unit)) || /^ms$|^millis/i.test(base);
    return { kind: 'time', secondsPerUnit: ms ? 1e-3 : 1 };
  }
  if (/^(?:sample|samples|index|idx|n|#|sample ?(?:no|number|#))$/i.test(base)) return { kind: 'index' };
  const name = normaliseLeadName(base) || `Channel ${position + 1}`;
  return { kind: 'lead', name, uvPerUnit: unit !== undefined ? unitToUv(unit) : undefined };
}

const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** Names for headerless columns: the standard order when there are exactly 12, else "Channel n". */
export function defaultNames(count: number): { names: string[]; assumed: boolean } {
  if (count === 12) return { names: TWELVE.slice(), assumed: true };
  return { names: Array.from({ length: count }, (_, i) => `Channel ${i + 1}`), assumed: false };
}
