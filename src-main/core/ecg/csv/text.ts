/**
 * Text handling for delimited exports: decoding (UTF-8, UTF-16 with BOM, Latin-1 fallback), line
 * splitting, delimiter detection and number parsing (decimal comma when the delimiter is ';' or tab).
 */

/** Largest text this reader splits into lines (bigger exports are refused before splitting). */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    return new TextDecoder('latin1').decode(bytes.subarray(start));
  }
}

export type Delimiter = ',' | ';' | '\t' | '|' | ' ' | '';

/** Splits a line by the delimiter (' ' = any run of blanks; '' = one column); strips quotes. */
export function splitLine(line: string, delimiter: Delimiter): string[] {
  const parts = delimiter === '' ? [line] : delimiter === ' ' ? line.trim().split(/[ \t]+/) : line.split(delimiter);
  for (let i = 0; i < parts.length; i += 1) {
    let cell = (parts[i] as string).trim();
    if (cell.includes('"')) cell = cell.replace(/^"(.*)"$/, '$1').trim();
    parts[i] = cell;
  }
  return parts;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?\d+,\d+$/;

/**
 * Parses the cells of one data row straight into `sink(column, value)` without building a cell array:
 * the hot loop of large exports. Cells that are not plain numbers go through parseCell (quotes, decimal
 * comma, NaN spellings). Returns the number of cells that are not numbers.
 */
export function parseRow(line: string, delimiter: Delimiter, decimalComma: boolean, width: number, sink: (column: number, value: number) => void): number {
  if (delimiter === ' ' || delimiter === '') {
    let bad = 0;
    splitLine(line, delimiter).forEach((cell, c) => {
      if (c >= width) return;
      const v = parseCell(cell, decimalComma);
      if (v === undefined) bad += 1;
      else if (v !== null) sink(c, v);
    });
    return bad;
  }
  let bad = 0;
  let start = 0;
  for (let c = 0; c < width; c += 1) {
    let end = line.indexOf(delimiter, start);
    if (end < 0) end = line.length;
    if (start <= line.length) {
      const cell = line.slice(start, end);
      const quick = cell.length > 0 && !isRadixLiteral(cell) ? Number(cell) : Number.NaN;
      // Number('  ') is 0: only a zero needs the blank-cell check.
      if (Number.isFinite(quick) && (quick !== 0 || cell.trim() !== '')) sink(c, quick);
      else {
        const v = parseCell(cell.trim().replace(/^"(.*)"$/, '$1').trim(), decimalComma);
        if (v === undefined) bad += 1;
        else if (v !== null) sink(c, v);
      }
    }
    start = end + 1;
  }
  return bad;
}

/** "0x1F", "0b101", "0o17": Number() would read them, a CSV export never means them. */
function isRadixLiteral(cell: string): boolean {
  if (cell.length < 3 || cell.charCodeAt(0) !== 48) return false;
  const c = cell.charCodeAt(1) | 32;
  return c === 120 || c === 98 || c === 111;
}

/** Parses one cell: a finite number, null for an empty cell, undefined when it is not a number. */
export function parseCell(cell: string, decimalComma: boolean): number | null | undefined {
  if (cell === '' || cell === 'NaN' || cell === 'nan' || cell === 'NA') return null;
  // Fast path: Number() accepts all plain decimals; hex/binary/octal spellings and Infinity are refused.
  const quick = Number(cell);
  if (Number.isFinite(quick) && !isRadixLiteral(cell)) return quick;
  if (NUMBER.test(cell)) return Number(cell);
  if (decimalComma && COMMA_NUMBER.test(cell)) return Number(cell.replace(',', '.'));
  return undefined;
}

export function isNumericRow(cells: string[], decimalComma: boolean): boolean {
  let numbers = 0;
  for (const c of cells) {
    const v = parseCell(c, decimalComma);
    if (v === undefined) return false;
    if (v !== null) numbers += 1;
  }
  return numbers > 0;
}

/**
 * The delimiter that splits the sample lines into the same number (> 1) of numeric fields; '' when the
 * lines are single numbers; undefined when the lines are not a numeric table.
 */
export function detectDelimiter(lines: string[]): Delimiter | undefined {
  for (const d of [',', '\t', ';', '|', ' '] as const) {
    const counts = lines.map((l) => splitLine(l, d).length);
    const n = counts[0] ?? 0;
    if (n > 1 && counts.every((c) => c === n) && lines.every((l) => isNumericRow(splitLine(l, d), d === ';' || d === '\t'))) return d;
  }
  if (lines.every((l) => isNumericRow([l.trim()], false))) return '';
  return undefined;
}
