/**
 * Single-line and wrapped text placed in millimetres, truncated with an ellipsis to the width it is given so a
 * long device statement or field never runs over the grid. pdfkit's own line wrapper moves the document cursor
 * and can add pages; these place every line explicitly.
 */
import { setFont } from './fonts';
import { pt } from './page-frame';

type Doc = PDFKit.PDFDocument;

export interface TextStyle {
  face: string;
  sizePt: number;
  colour: string;
}

/** The longest prefix of `text` (plus "…") whose width fits `widthPt` in the current font. */
export function fitToWidth(doc: Doc, text: string, widthPt: number): string {
  if (doc.widthOfString(text) <= widthPt) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= widthPt) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

/** Greedy word wrap into at most `maxLines` lines; the last line ends in "…" when text was left over. */
export function wrapToWidth(doc: Doc, text: string, widthPt: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line === '' || doc.widthOfString(candidate) <= widthPt) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1] as string} …`;
  return kept.map((l) => fitToWidth(doc, l, widthPt));
}

/**
 * Packs whole entries ("Label: value") into at most `maxLines` lines, `gap` apart, never splitting an entry
 * (one longer than a line is cut with "…"). When entries are left over the last line says how many.
 */
export function packEntries(doc: Doc, entries: readonly string[], widthPt: number, maxLines: number, gap = '   '): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const entry of entries) {
    const candidate = line ? `${line}${gap}${entry}` : entry;
    if (line === '' || doc.widthOfString(candidate) <= widthPt) line = candidate;
    else {
      if (lines.length === maxLines - 1) break;
      lines.push(line);
      line = entry;
    }
    used++;
  }
  if (line) lines.push(line);
  const left = entries.length - used;
  if (left > 0) {
    const last = lines.length - 1;
    const more = `${gap}… (${left} more)`;
    lines[last] = `${fitToWidth(doc, lines[last] as string, widthPt - doc.widthOfString(more))}${more}`;
  }
  return lines.map((l) => fitToWidth(doc, l, widthPt));
}

/** Draws one line at (x, y) mm, cut to `widthMm`; `align: 'right'` puts its end at x + widthMm. */
export function textAt(doc: Doc, text: string, xMm: number, yMm: number, widthMm: number, style: TextStyle, align: 'left' | 'right' = 'left'): void {
  setFont(doc, style.face, style.sizePt);
  const shown = fitToWidth(doc, text, pt(widthMm));
  const x = align === 'right' ? pt(xMm + widthMm) - doc.widthOfString(shown) : pt(xMm);
  doc.fillColor(style.colour).text(shown, x, pt(yMm), { lineBreak: false });
}

/** Draws lines from (x, y) mm downwards, `pitchMm` apart; returns the y below the last line. */
export function linesAt(doc: Doc, lines: readonly string[], xMm: number, yMm: number, widthMm: number, pitchMm: number, style: TextStyle): number {
  let y = yMm;
  for (const line of lines) {
    textAt(doc, line, xMm, y, widthMm, style);
    y += pitchMm;
  }
  return y;
}
