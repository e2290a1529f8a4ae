/**
 * Draws the header (title, patient, recording, device measurements and statements, speed/gain/filter) and the
 * footer (file and content hash, scale, app version, page number) of a report page.
 */
import type { ReportFonts } from './fonts';
import type { HeaderContent } from './header-content';
import type { Rect } from './page-frame';
import { PAPER_COLOURS } from './paper-style';
import { linesAt, packEntries, textAt, wrapToWidth, type TextStyle } from './text-layout';
import { pt } from './page-frame';
import { setFont } from './fonts';

type Doc = PDFKit.PDFDocument;

const LINE_PITCH_MM = 2.9;
const COLUMN_LINES = 6;

/** Styles shared by the header, the footer and the AI page. */
export function styles(fonts: ReportFonts) {
  return {
    title: { face: fonts.bold, sizePt: 10, colour: PAPER_COLOURS.text },
    strong: { face: fonts.bold, sizePt: 7.5, colour: PAPER_COLOURS.text },
    body: { face: fonts.regular, sizePt: 7.5, colour: PAPER_COLOURS.text },
    caption: { face: fonts.bold, sizePt: 6, colour: PAPER_COLOURS.muted },
    small: { face: fonts.regular, sizePt: 6.5, colour: PAPER_COLOURS.muted },
    alert: { face: fonts.bold, sizePt: 8, colour: PAPER_COLOURS.alert },
  } satisfies Record<string, TextStyle>;
}

/**
 * A column under a caption: one entry a line when they fit, else whole entries packed into its lines (what does
 * not fit is counted, never cut mid-entry).
 */
function column(doc: Doc, fonts: ReportFonts, caption: string, entries: string[], xMm: number, yMm: number, wMm: number): void {
  const s = styles(fonts);
  textAt(doc, caption.toUpperCase(), xMm, yMm, wMm, s.caption);
  setFont(doc, s.body.face, s.body.sizePt);
  const lines = entries.length <= COLUMN_LINES ? entries : packEntries(doc, entries, pt(wMm), COLUMN_LINES);
  linesAt(doc, lines, xMm, yMm + 2.6, wMm, LINE_PITCH_MM, s.body);
}

/** The header of page 1, inside `area`. */
export function drawHeader(doc: Doc, fonts: ReportFonts, area: Rect, h: HeaderContent): void {
  const s = styles(fonts);
  const scaleW = 95;
  textAt(doc, h.title, area.xMm, area.yMm, area.wMm - scaleW - 4, s.title);
  textAt(doc, h.scale, area.xMm + area.wMm - scaleW, area.yMm, scaleW, s.title, 'right');
  const top = area.yMm + 5;
  const w1 = area.wMm * 0.28;
  const w2 = area.wMm * 0.47;
  column(doc, fonts, 'Patient', h.patient, area.xMm, top, w1 - 3);
  column(doc, fonts, 'Recording', h.recording, area.xMm + w1, top, w2 - 3);
  column(doc, fonts, 'Device measurements', h.measurements, area.xMm + w1 + w2, top, area.wMm - w1 - w2);
  const stmtY = top + 2.6 + COLUMN_LINES * LINE_PITCH_MM + 0.4;
  setFont(doc, s.body.face, s.body.sizePt);
  const label = 'Device interpretation: ';
  const text = h.statements.length > 0 ? h.statements.join(' · ') : 'none in the file';
  const lines = wrapToWidth(doc, `${label}${text}`, pt(area.wMm), 2);
  linesAt(doc, lines, area.xMm, stmtY, area.wMm, LINE_PITCH_MM, s.body);
}

/** The footer: file and hash, scale and page window, application and page number. */
export function drawFooter(doc: Doc, fonts: ReportFonts, area: Rect, f: { file: string; scale: string; app: string; page: string }): void {
  const s = styles(fonts);
  const half = area.wMm / 2;
  textAt(doc, f.file, area.xMm, area.yMm + 0.8, area.wMm - 60, s.small);
  textAt(doc, f.app, area.xMm + area.wMm - 60, area.yMm + 0.8, 60, s.small, 'right');
  textAt(doc, f.scale, area.xMm, area.yMm + 3.4, half, s.small);
  textAt(doc, 'Research software, not a medical device.', area.xMm + half, area.yMm + 3.4, half, s.small, 'right');
}
