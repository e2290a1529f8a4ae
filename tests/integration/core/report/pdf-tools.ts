/**
 * Debian poppler-utils from the tests: rasterise a PDF page (pdftoppm), read its info and text (pdfinfo,
 * pdftotext) and list its images (pdfimages). Pages come back as RGB pixels for measuring on paper.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Raster {
  width: number;
  height: number;
  dpi: number;
  /** RGB, 3 bytes per pixel, rows top to bottom. */
  rgb: Buffer;
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
}

/** Writes the bytes to a temporary PDF, runs `fn` on its path, removes it. */
export function withPdfFile<T>(bytes: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  try {
    const path = join(dir, 'report.pdf');
    writeFileSync(path, bytes);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdftoppm -r DPI` of one page (1-based), parsed from its binary PPM. */
export function rasterise(pdfPath: string, page: number, dpi = 300): Raster {
  const dir = mkdtempSync(join(tmpdir(), 'report-ppm-'));
  try {
    const prefix = join(dir, 'page');
    run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdfPath, prefix]);
    const ppm = readFileSync(`${prefix}.ppm`);
    // P6 header: magic, width, height, maxval, each followed by whitespace.
    const fields: string[] = [];
    let pos = 0;
    while (fields.length < 4) {
      while (/\s/.test(String.fromCharCode(ppm[pos] as number))) pos++;
      let token = '';
      while (!/\s/.test(String.fromCharCode(ppm[pos] as number))) token += String.fromCharCode(ppm[pos++] as number);
      fields.push(token);
    }
    pos++;
    const [magic, w, h, max] = fields;
    if (magic !== 'P6' || max !== '255') throw new Error(`unexpected PPM header ${fields.join(' ')}`);
    return { width: Number(w), height: Number(h), dpi, rgb: ppm.subarray(pos) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfinfo(pdfPath: string, ...extra: string[]): string {
  return run('pdfinfo', [...extra, pdfPath]);
}

/** The text of the whole document (or of one page), whitespace collapsed. */
export function pdftext(pdfPath: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8', timeout: 60_000 }).replace(/\s+/g, ' ');
}

/** `pdfimages -list` rows (the two header lines dropped): every embedded raster image. */
export function imageList(pdfPath: string): string[] {
  return run('pdfimages', ['-list', pdfPath]).split('\n').slice(2).filter((l) => l.trim() !== '');
}

export const pxPerMm = (r: Raster) => r.dpi / 25.4;

export function pixel(r: Raster, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * r.width + Math.round(x)) * 3;
  return [r.rgb[i] as number, r.rgb[i + 1] as number, r.rgb[i + 2] as number];
}

/** Trace, text and pulse ink: near black. */
export const isInk = ([red, g, b]: [number, number, number]) => red < 110 && g < 110 && b < 110;
