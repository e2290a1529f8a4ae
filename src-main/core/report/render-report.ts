/**
 * The report generator: one ECG record (the model every reader produces and the canvas draws) to a vector PDF
 * with pdfkit. Page 1 is the ECG on calibrated paper with its header and footer; page 2, when asked for, the AI
 * summary with the variance overlay and the reader's overread. Plain Node: the desktop app, the web host and the
 * CLI all call this.
 */
import PDFDocument from 'pdfkit';
import type { EcgRecord, WaveformGroup } from '../ecg/record';
import { rhythmGroup } from '../ecg/record';
import { CoreError } from '../errors';
import { aiSummary, overreadLines, type ReportOverread, type ReportPrediction } from './ai-summary';
import { applyDisplayFilter, filterLabel } from '../../../src-shared/ecg-paper/display-filter';
import { drawAiPage, OVERLAY_GAIN_MM_PER_MV } from './draw-ai-page';
import { drawFooter, drawHeader } from './draw-header';
import { drawCalibrationPulses, drawGrid, drawLeadLabels, drawSeparators } from './draw-paper';
import { drawTraces, type PrintSignal } from './draw-signal';
import { parsedFonts, registerReportFonts } from './fonts';
import { footerFileText, headerContent, pdfTitle, type ReportFile } from './header-content';
import { PAPER_MM, type ReportOptions } from './options';
import { pageFrame } from './page-frame';
import { computePrintLayout } from './page-layout';

export interface ReportInput {
  record: EcgRecord;
  file: ReportFile;
  options: ReportOptions;
  /** Application name and version for the footer and the PDF's Creator. */
  app: { name: string; version: string };
  /** The model's prediction for this ECG: adds the AI summary page. */
  prediction?: ReportPrediction | null;
  /** The latest overread of this ECG (adds page 2 on its own when there is no prediction). */
  overread?: ReportOverread | null;
  /** The PDF's creation date (default: SOURCE_DATE_EPOCH when set, else now). */
  createdAt?: Date;
}

export interface RenderedReport {
  bytes: Buffer;
  pages: number;
}

/**
 * The creation date written into PDFs: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) when the
 * environment sets it, so two runs with the same input give byte-identical files; otherwise now.
 */
export function reportCreationDate(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && /^\d{1,12}$/.test(raw.trim())) return new Date(Number(raw.trim()) * 1000);
  return new Date();
}

/** The rhythm group a report prints: the one asked for, else the record's first rhythm group. */
export function reportGroup(record: EcgRecord, groupIndex: number | undefined): WaveformGroup {
  const group = groupIndex === undefined ? rhythmGroup(record) : record.groups[groupIndex];
  if (!group || group.leads.length === 0) throw new CoreError('NO_WAVEFORM', 'This ECG has no waveform group to print.');
  if (!(group.sampleRateHz > 0)) throw new CoreError('SAMPLE_RATE_UNKNOWN', 'This waveform group has no usable sample rate.');
  return group;
}

function groupDuration(group: WaveformGroup): number {
  return group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0) / group.sampleRateHz;
}

/** The group's leads through the display filter (the same filter, the same code as the canvas). */
export function filteredSignal(group: WaveformGroup, options: Pick<ReportOptions, 'filter'>): PrintSignal {
  return { sampleRateHz: group.sampleRateHz, leads: group.leads.map((l) => applyDisplayFilter(l.samples, group.sampleRateHz, options.filter, l.gaps)) };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Renders the report; rejects with a coded error (NO_WAVEFORM, REPORT_INVALID_RESULT, REPORT_FAILED). */
export async function renderReportPdf(input: ReportInput): Promise<RenderedReport> {
  const { record, options } = input;
  const group = reportGroup(record, options.groupIndex);
  const durationS = groupDuration(group);
  const summary = input.prediction ? aiSummary(input.prediction) : null;
  const withPage2 = summary !== null || Boolean(input.overread);
  const pages = withPage2 ? 2 : 1;
  const signal = filteredSignal(group, options);
  const isDerived = (i: number) => group.leads[i]?.derived ?? false;
  const leadNames = group.leads.map((l) => l.name);
  const frame = pageFrame(options.paper);
  const layout = computePrintLayout({
    layout: options.layout, leadNames, durationS, startS: options.startS, speedMmPerS: options.speedMmPerS,
    gridWidthMm: frame.grid.wMm, gridHeightMm: frame.grid.hMm,
  });
  const header = headerContent(record, group, options, layout.windowS, durationS);
  const appText = `${input.app.name} ${input.app.version}`;
  const footer = (page: number, scale = `${header.scale} · ${header.page}`) => ({
    file: footerFileText(input.file, options.hideIdentifiers),
    scale,
    app: `${appText} · page ${page} of ${pages}`,
    page: `${page}`,
  });

  const doc = new PDFDocument({
    size: options.paper === 'a4' ? 'A4' : 'LETTER',
    layout: 'landscape',
    margin: 0,
    // The report's own face as the default, so pdfkit never loads (or embeds) Helvetica.
    font: parsedFonts().regular as unknown as string,
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.4',
    displayTitle: true,
    lang: 'en',
    info: {
      Title: pdfTitle(record, options),
      Subject: `ECG on ${PAPER_MM[options.paper].label} paper, ${header.scale}`,
      Creator: appText,
      CreationDate: input.createdAt ?? reportCreationDate(),
    },
  });
  const done = collect(doc);
  try {
    const fonts = registerReportFonts(doc);
    doc.addPage();
    const scale = { grid: frame.grid, speedMmPerS: options.speedMmPerS, gainMmPerMv: options.gainMmPerMv };
    drawGrid(doc, frame.grid);
    drawCalibrationPulses(doc, frame.grid, layout, options.speedMmPerS, options.gainMmPerMv);
    drawTraces(doc, layout, signal, scale);
    drawSeparators(doc, frame.grid, layout);
    // Unusable leads (implausible samples, NaN in the record) draw no trace (cellPath skips non-finite): say why.
    drawLeadLabels(doc, fonts, frame.grid, layout, isDerived, undefined, (i) => group.leads[i]?.unusable !== undefined);
    drawHeader(doc, fonts, frame.header, header);
    drawFooter(doc, fonts, frame.footer, footer(1));
    if (withPage2) {
      // The model reads the record's first rhythm group: its variance is drawn over that group's leads.
      const modelGroup = reportGroup(record, undefined);
      const same = modelGroup === group;
      doc.addPage();
      drawAiPage(doc, fonts, {
        frame, title: header.title, summary, prediction: input.prediction ?? null,
        overread: overreadLines(input.overread, options.hideIdentifiers),
        signal: same ? signal : filteredSignal(modelGroup, options),
        leadNames: modelGroup.leads.map((l) => l.name),
        isDerived: (i) => modelGroup.leads[i]?.derived ?? false,
        durationS: same ? durationS : groupDuration(modelGroup),
        // The overlay shows the seconds the model read, whatever stretch page 1 shows.
        startS: input.prediction?.window.startS ?? 0,
        speedMmPerS: options.speedMmPerS,
        filterText: filterLabel(options.filter),
        // Page 2's traces are the overlay's: its own gain, not page 1's.
        footer: input.prediction
          ? footer(2, `Overlay: ${options.speedMmPerS} mm/s · ${OVERLAY_GAIN_MM_PER_MV} mm/mV · ${filterLabel(options.filter)} · 3x4 + II rhythm`)
          : footer(2),
      });
    }
    doc.end();
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    if (error instanceof CoreError) throw error;
    throw new CoreError('REPORT_FAILED', 'The PDF could not be produced.', error);
  }
  return { bytes: await done, pages };
}
