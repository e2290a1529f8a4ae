/**
 * Page 2 of a report: the AI summary (pack, intended use, uncertainty, heads, similar echo reports), the model's
 * per-step variance drawn on the leads, and the reader's overread. Placed top-down in millimetres.
 */
import type { AiSummary } from './ai-summary';
import { drawFooter, styles } from './draw-header';
import { drawCalibrationPulses, drawGrid, drawLeadLabels, drawSeparators } from './draw-paper';
import { drawModelWindow, drawTraces, drawVarianceBand, type PrintSignal } from './draw-signal';
import { setFont, type ReportFonts } from './fonts';
import { computePrintLayout } from './page-layout';
import { FOOTER_HEIGHT_MM, PAGE_MARGIN_MM, pt, type PageFrame } from './page-frame';
import { PAPER_COLOURS } from './paper-style';
import type { ReportPrediction } from './ai-summary';
import { linesAt, textAt, wrapToWidth } from './text-layout';

type Doc = PDFKit.PDFDocument;

/** Gain of the variance overlay's small traces: low, so four rows and the text share one page. */
export const OVERLAY_GAIN_MM_PER_MV = 5;

export interface AiPageInput {
  frame: PageFrame;
  title: string;
  summary: AiSummary | null;
  prediction: ReportPrediction | null;
  overread: { verdict: string; note: string | null };
  signal: PrintSignal;
  leadNames: string[];
  isDerived: (leadIndex: number) => boolean;
  durationS: number;
  startS: number;
  speedMmPerS: number;
  filterText: string;
  footer: { file: string; scale: string; app: string; page: string };
}

const PITCH = 3.2;
const TABLE_COLUMNS: [keyof AiSummary['heads'][number], string, number][] = [
  ['finding', 'Finding', 0.34],
  ['estimate', 'Estimate', 0.14],
  ['interval', 'Interval', 0.26],
  ['threshold', 'Threshold', 0.12],
  ['call', 'Call', 0.14],
];

function drawSummaryColumn(doc: Doc, fonts: ReportFonts, s: AiSummary, x: number, y: number, w: number): number {
  const st = styles(fonts);
  textAt(doc, s.heading, x, y, w, st.title);
  y += 5.5;
  if (s.notClinical) {
    setFont(doc, st.alert.face, st.alert.sizePt);
    const statement = /^not for clinical use/i.test(s.notClinical) ? s.notClinical : `NOT FOR CLINICAL USE. ${s.notClinical}`;
    const lines = wrapToWidth(doc, statement, pt(w - 4), 3);
    doc.save().lineWidth(pt(0.4)).strokeColor(PAPER_COLOURS.alert).rect(pt(x), pt(y), pt(w), pt(lines.length * PITCH + 2.2)).stroke().restore();
    linesAt(doc, lines, x + 2, y + 1.2, w - 4, PITCH, st.alert);
    y += lines.length * PITCH + 4;
  }
  textAt(doc, s.run, x, y, w, st.small);
  y += PITCH;
  textAt(doc, s.uncertainty, x, y, w, st.strong);
  y += PITCH + 0.6;
  if (s.abstain) {
    textAt(doc, s.abstain, x, y, w, st.alert);
    y += PITCH + 0.6;
  }
  let cx = x;
  for (const [, label, share] of TABLE_COLUMNS) {
    textAt(doc, label.toUpperCase(), cx, y, w * share - 1.5, st.caption);
    cx += w * share;
  }
  y += 3;
  doc.save().lineWidth(pt(0.2)).strokeColor(PAPER_COLOURS.muted).moveTo(pt(x), pt(y)).lineTo(pt(x + w), pt(y)).stroke().restore();
  y += 0.8;
  for (const head of s.heads) {
    cx = x;
    for (const [key, , share] of TABLE_COLUMNS) {
      textAt(doc, head[key], cx, y, w * share - 1.5, key === 'call' || key === 'estimate' ? st.strong : st.body);
      cx += w * share;
    }
    y += PITCH + 0.4;
  }
  return y;
}

function drawSideColumn(doc: Doc, fonts: ReportFonts, s: AiSummary | null, overread: AiPageInput['overread'], x: number, y: number, w: number): number {
  const st = styles(fonts);
  if (s) {
    textAt(doc, 'SIMILAR ECHO REPORTS (NEAREST FIRST)', x, y, w, st.caption);
    y += 3;
    if (s.similar.length === 0) {
      textAt(doc, 'The pack has no echo report library.', x, y, w, st.body);
      y += PITCH;
    }
    for (const r of s.similar) {
      textAt(doc, r.title, x, y, w, st.strong);
      setFont(doc, st.body.face, st.body.sizePt);
      y = linesAt(doc, wrapToWidth(doc, r.report, pt(w), 2), x, y + PITCH, w, PITCH, st.body) + 0.8;
    }
    y += 1.5;
  }
  textAt(doc, "READER'S OVERREAD", x, y, w, st.caption);
  y += 3;
  textAt(doc, overread.verdict, x, y, w, st.strong);
  y += PITCH;
  if (overread.note) {
    setFont(doc, st.body.face, st.body.sizePt);
    y = linesAt(doc, wrapToWidth(doc, overread.note, pt(w), 4), x, y, w, PITCH, st.body);
  }
  return y;
}

/** Draws page 2 on the current (new) page. */
export function drawAiPage(doc: Doc, fonts: ReportFonts, p: AiPageInput): void {
  const st = styles(fonts);
  const { frame } = p;
  const x = PAGE_MARGIN_MM;
  const w = frame.grid.wMm;
  textAt(doc, p.title, x, PAGE_MARGIN_MM, w - 80, st.title);
  textAt(doc, p.summary ? 'AI summary and overread' : 'Overread', x + w - 80, PAGE_MARGIN_MM, 80, st.title, 'right');
  const top = PAGE_MARGIN_MM + 7;
  const leftW = w * 0.56;
  const yLeft = p.summary ? drawSummaryColumn(doc, fonts, p.summary, x, top, leftW - 4) : top;
  const yRight = drawSideColumn(doc, fonts, p.summary, p.overread, x + leftW, top, w - leftW);
  if (p.prediction) {
    const captionY = Math.max(yLeft, yRight) + 2;
    const caption =
      `Model uncertainty on the leads · violet band: the model's per-step variance, scaled to its largest step · ` +
      `blue bar: the seconds the model read · ${p.speedMmPerS} mm/s · ${OVERLAY_GAIN_MM_PER_MV} mm/mV · ${p.filterText}`;
    textAt(doc, caption, x, captionY, w, st.small);
    const gridTop = captionY + 3.5;
    const grid = { xMm: frame.grid.xMm, yMm: gridTop, wMm: w, hMm: Math.floor(frame.heightMm - PAGE_MARGIN_MM - FOOTER_HEIGHT_MM - gridTop) };
    const layout = computePrintLayout({
      layout: '3x4+1', leadNames: p.leadNames, durationS: p.durationS, startS: p.startS, speedMmPerS: p.speedMmPerS,
      gridWidthMm: grid.wMm, gridHeightMm: grid.hMm,
    });
    const scale = { grid, speedMmPerS: p.speedMmPerS, gainMmPerMv: OVERLAY_GAIN_MM_PER_MV };
    drawGrid(doc, grid);
    drawVarianceBand(doc, layout, p.prediction.stepVariance, scale);
    drawModelWindow(doc, layout, p.prediction.window, scale);
    drawCalibrationPulses(doc, grid, layout, p.speedMmPerS, OVERLAY_GAIN_MM_PER_MV);
    drawTraces(doc, layout, p.signal, scale);
    drawSeparators(doc, grid, layout);
    drawLeadLabels(doc, fonts, grid, layout, p.isDerived, 6.5);
  }
  drawFooter(doc, fonts, frame.footer, p.footer);
}
