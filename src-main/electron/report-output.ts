import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  dialog,
  session,
  type BrowserWindowConstructorOptions,
  type SaveDialogOptions,
  type WebContentsPrintOptions,
} from 'electron';
import { CoreError } from '../core/errors';
import { webPreferences } from './window';

/** The in-memory session of the print window: the app's session cancels file:// loads, and nothing is kept. */
export const PRINT_PARTITION = 'report-print';

/**
 * Print settings of an ECG report: the system dialog (the user picks the printer), landscape on the report's own
 * paper size, no extra margins (the PDF has its own), and scale 100 %: the 1 mm grid must print as 1 mm, so the
 * page is never shrunk to fit the printable area.
 */
export function reportPrintOptions(paper: 'a4' | 'letter'): WebContentsPrintOptions {
  return {
    silent: false,
    printBackground: true,
    color: true,
    landscape: true,
    pageSize: paper === 'a4' ? 'A4' : 'Letter',
    margins: { marginType: 'none' },
    scaleFactor: 100,
    pagesPerSheet: 1,
    copies: 1,
  };
}

/**
 * The hidden window the PDF is loaded into: the main window's hardened preferences (window.ts) without a preload
 * (the page gets no bridge at all), in its own session, with Chromium's PDF viewer (plugins) on.
 */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  const { preload: _none, ...hardened } = webPreferences('');
  return { show: false, width: 1123, height: 794, webPreferences: { ...hardened, partition: PRINT_PARTITION, plugins: true } };
}

/**
 * Prints a report: the PDF is written to a private temporary folder, opened in a hidden window, printed with
 * reportPrintOptions through the system dialog, then the window and the file are removed whatever happened.
 */
export async function printPdf(bytes: Uint8Array, paper: 'a4' | 'letter'): Promise<{ printed: boolean; reason?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'echoing-print-'));
  const file = join(dir, 'ecg-report.pdf');
  let win: BrowserWindow | undefined;
  try {
    await writeFile(file, bytes, { mode: 0o600 });
    const printSession = session.fromPartition(PRINT_PARTITION);
    printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    win = new BrowserWindow(printWindowOptions());
    await win.loadURL(pathToFileURL(file).href);
    const contents = win.webContents;
    return await new Promise((resolve) => {
      contents.print(reportPrintOptions(paper), (success, reason) => resolve(success ? { printed: true } : { printed: false, reason }));
    });
  } catch (error) {
    throw new CoreError('REPORT_PRINT_FAILED', 'The report could not be sent to the printer.', error);
  } finally {
    if (win && !win.isDestroyed()) win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The native save dialog for a report, then the write; cancelled dialogs save nothing. */
export async function saveFile(suggestedName: string, bytes: Uint8Array, kind: 'pdf'): Promise<{ saved: boolean; fileName?: string }> {
  const options: SaveDialogOptions = {
    title: 'Save ECG report',
    defaultPath: suggestedName,
    filters: [{ name: kind === 'pdf' ? 'PDF document' : kind, extensions: [kind] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return { saved: false };
  try {
    await writeFile(result.filePath, bytes);
  } catch (error) {
    throw new CoreError('REPORT_WRITE_FAILED', 'The report could not be written there (read-only folder or full disk?).', error);
  }
  return { saved: true, fileName: basename(result.filePath) };
}
