/**
 * Finding the structure of a delimited ECG export: preamble lines ("Sampling Rate (Hz): 500", "Gain
 * (digit/millivolt): 2048"), an optional header row, the data rows, and what the preamble and header say
 * about rate, units and a time column.
 */
import { detectDelimiter, isNumericRow, splitLine, type Delimiter } from './text';

export interface CsvLayout {
  delimiter: Delimiter;
  decimalComma: boolean;
  /** Index (in `lines`) of the first data row. */
  dataStart: number;
  header?: string[];
  rateHz?: number;
  /** Microvolts per stored unit stated by the preamble (gain lines, unit lines). */
  uvPerUnit?: number;
  /** Lead named by a preamble line (single-lead exports). */
  leadName?: string;
}

const PROBE_ROWS = 20;

/** Non-empty lines with their trailing CR removed. */
export function nonEmptyLines(text: string): string[] {
  // Split on LF (the common case) and only fall back to a regex for old-Mac CR-only files.
  const raw = text.includes('\n') ? text.split('\n') : text.split('\r');
  const out: string[] = [];
  for (const line of raw) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.trim() !== '') out.push(l);
  }
  return out;
}

function preambleHints(line: string, layout: CsvLayout): void {
  const rate = /(?:sampl\w*\s*(?:rate|frequency)|\bfs\b|\bsr\b)[^0-9]*([0-9]+(?:\.[0-9]+)?)/i.exec(line);
  if (rate && layout.rateHz === undefined) {
    const v = Number(rate[1]);
    const perMs = /kHz/i.test(line);
    if (v > 0) layout.rateHz = perMs ? v * 1000 : v;
  }
  const gain = /gain\s*\(?\s*(?:digits?|units?|adu|counts?|lsb)\s*\/\s*(millivolt|mv|microvolt|uv|µv)\s*\)?\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)/i.exec(line);
  if (gain && Number(gain[2]) > 0) {
    const per = /^m/i.test(gain[1] as string) ? 1000 : 1;
    layout.uvPerUnit = per / Number(gain[2]);
  }
  // "Units: mV", "Unit,µV" (Apple Health export), "unit=uV".
  const unit = /^\s*"?units?"?\s*[:=,;\t]\s*"?\(?\s*(mv|uv|µv|μv|v)(?![a-z])/i.exec(line);
  if (unit) layout.uvPerUnit = unitToUv(unit[1] as string);
  // "Lead,Lead I" / "Lead: II" names the single column of one-lead exports.
  const lead = /^\s*"?lead"?\s*[:=,;\t]\s*"?([^",;\t]+)"?\s*$/i.exec(line);
  if (lead) layout.leadName = (lead[1] as string).trim();
}

export function unitToUv(unit: string): number | undefined {
  const u = unit.toLowerCase();
  if (u === 'mv' || u === 'millivolt' || u === 'millivolts') return 1000;
  if (u === 'uv' || u === 'µv' || u === 'μv' || u === 'microvolt' || u === 'microvolts') return 1;
  if (u === 'v' || u === 'volt' || u === 'volts') return 1e6;
  if (u === 'nv') return 1e-3;
  return undefined;
}

/** Finds data rows: the first index from which PROBE_ROWS lines (or all remaining) form a numeric table. */
export function findLayout(lines: string[]): CsvLayout | undefined {
  const limit = Math.min(lines.length, 64);
  for (let start = 0; start < limit; start += 1) {
    const probe = lines.slice(start, start + PROBE_ROWS);
    if (probe.length < Math.min(2, lines.length)) return undefined;
    const delimiter = detectDelimiter(probe);
    if (delimiter === undefined) continue;
    const layout: CsvLayout = { delimiter, decimalComma: delimiter === ';' || delimiter === '\t', dataStart: start };
    const before = lines.slice(0, start);
    const last = before[before.length - 1];
    if (last !== undefined) {
      const cells = splitLine(last, delimiter);
      const width = splitLine(lines[start] as string, delimiter).length;
      // In a one-column file a "key: value" / "key,value" line is preamble, not a column name.
      const keyValue = delimiter === '' && /[:=,;\t]/.test(last);
      if (cells.length === width && !keyValue && !isNumericRow(cells, layout.decimalComma)) {
        layout.header = cells;
        before.pop();
      }
    }
    for (const line of before) preambleHints(line, layout);
    return layout;
  }
  return undefined;
}
