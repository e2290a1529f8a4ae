/**
 * The report's fonts: DejaVu Sans (regular and bold) from the dejavu-fonts-ttf npm package, embedded as subsets.
 * A Unicode TrueType font rather than the PDF base-14 Helvetica, because patient names and device statements
 * come in any Latin, Greek or Cyrillic script (Helvetica's WinAnsi encoding would print "Müller" but not
 * "Иванов"). Nothing is downloaded: the files ship inside the package.
 *
 * The faces are parsed once per process with fontkit (the engine pdfkit itself uses) and handed to every
 * document as parsed fonts: parsing a 750 kB TrueType file took about a third of a report's time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export interface ReportFonts {
  regular: string;
  bold: string;
}

type ParsedFont = fontkit.Font;

let cached: { regular: ParsedFont; bold: ParsedFont } | undefined;

function parse(path: string): ParsedFont {
  const font = fontkit.create(readFileSync(path));
  if (!('layout' in font)) throw new Error(`${path} is a font collection, not a font`);
  return font;
}

/** The parsed faces (read and parsed on first use, then shared by every report of the process). */
export function parsedFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!cached) {
    const req = createRequire(__filename);
    cached = {
      regular: parse(req.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: parse(req.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return cached;
}

/** Registers the two faces on a document and returns their names. */
export function registerReportFonts(doc: PDFKit.PDFDocument): ReportFonts {
  const fonts = parsedFonts();
  // pdfkit accepts an already parsed fontkit font wherever it takes a font source (its typings say path/buffer).
  doc.registerFont('ReportSans', fonts.regular as unknown as string);
  doc.registerFont('ReportSans-Bold', fonts.bold as unknown as string);
  return { regular: 'ReportSans', bold: 'ReportSans-Bold' };
}

/** Switches face and size (points). */
export function setFont(doc: PDFKit.PDFDocument, face: string, sizePt: number): void {
  doc.font(face).fontSize(sizePt);
}
