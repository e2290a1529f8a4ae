/**
 * Printing and saving reports in Electron (which cannot launch here): the print settings that keep the ECG at
 * true scale, the hidden print window's privileges, and the flow around them, against a mocked electron module.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  printed: unknown[];
  destroyed: boolean;
  fileAtPrint?: { exists: boolean; bytes: string };
}

const state: { windows: FakeWindow[]; printResult: [boolean, string]; saveResult: { canceled: boolean; filePath?: string }; permissionHandler?: unknown } = {
  windows: [],
  printResult: [true, ''],
  saveResult: { canceled: true },
};

vi.mock('electron', () => {
  class BrowserWindow {
    static getFocusedWindow = () => null;
    private readonly me: FakeWindow;
    constructor(options: Record<string, unknown>) {
      this.me = { options, loaded: [], printed: [], destroyed: false };
      state.windows.push(this.me);
    }
    loadURL = (url: string) => {
      this.me.loaded.push(url);
      return Promise.resolve();
    };
    webContents = {
      print: (options: unknown, callback: (success: boolean, reason: string) => void) => {
        this.me.printed.push(options);
        const path = fileURLToPath(this.me.loaded[0] as string);
        this.me.fileAtPrint = { exists: existsSync(path), bytes: existsSync(path) ? readFileSync(path, 'latin1') : '' };
        setTimeout(() => callback(...state.printResult), 0);
      },
    };
    isDestroyed = () => this.me.destroyed;
    destroy = () => {
      this.me.destroyed = true;
    };
  }
  return {
    BrowserWindow,
    dialog: { showSaveDialog: vi.fn(async () => state.saveResult) },
    session: { fromPartition: vi.fn(() => ({ setPermissionRequestHandler: (h: unknown) => (state.permissionHandler = h) })) },
  };
});

const { printPdf, printWindowOptions, reportPrintOptions, saveFile, PRINT_PARTITION } = await import('../../../src-main/electron/report-output');

const PDF = new TextEncoder().encode('%PDF-1.4 test bytes');
const outDir = mkdtempSync(join(tmpdir(), 'report-save-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

beforeEach(() => {
  state.windows = [];
  state.printResult = [true, ''];
});

describe('report printing (Electron)', () => {
  it('prints at 100 % scale on the report paper, landscape, without added margins, through the system dialog', () => {
    for (const paper of ['a4', 'letter'] as const) {
      const o = reportPrintOptions(paper);
      expect(o.scaleFactor).toBe(100);
      expect(o.margins).toEqual({ marginType: 'none' });
      expect(o.landscape).toBe(true);
      expect(o.silent).toBe(false);
      expect(o.printBackground).toBe(true);
      expect(o.pagesPerSheet).toBe(1);
      expect(o.pageSize).toBe(paper === 'a4' ? 'A4' : 'Letter');
      // Never the printer's default page size: that would scale the page to another paper.
      expect(o).not.toHaveProperty('usePrinterDefaultPageSize');
    }
  });

  it('loads the PDF in a hidden, sandboxed window of its own in-memory session', () => {
    const o = printWindowOptions();
    expect(o.show).toBe(false);
    expect(o.webPreferences).toMatchObject({
      partition: PRINT_PARTITION, plugins: true, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true,
    });
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
    expect(o.webPreferences).not.toHaveProperty('preload');
  });

  it('writes the PDF to a private temporary file, prints it with those settings, then removes window and file', async () => {
    await expect(printPdf(PDF, 'letter')).resolves.toEqual({ printed: true });
    const w = state.windows[0] as FakeWindow;
    expect(w.options).toEqual(printWindowOptions());
    expect(w.loaded[0]).toMatch(/^file:\/\/.*echoing-print-.*\/ecg-report\.pdf$/);
    expect(w.fileAtPrint).toEqual({ exists: true, bytes: '%PDF-1.4 test bytes' });
    expect(w.printed).toEqual([reportPrintOptions('letter')]);
    expect(w.destroyed).toBe(true);
    expect(existsSync(fileURLToPath(w.loaded[0] as string))).toBe(false);
    // The print session refuses every permission request.
    let granted: boolean | undefined;
    (state.permissionHandler as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('answers a cancelled print as not printed, with the reason, and still cleans up', async () => {
    state.printResult = [false, 'Print job canceled'];
    await expect(printPdf(PDF, 'a4')).resolves.toEqual({ printed: false, reason: 'Print job canceled' });
    const w = state.windows[0] as FakeWindow;
    expect(w.destroyed).toBe(true);
    expect(existsSync(fileURLToPath(w.loaded[0] as string))).toBe(false);
  });
});

describe('report saving (Electron)', () => {
  it('saves nothing when the dialog is cancelled', async () => {
    state.saveResult = { canceled: true };
    await expect(saveFile('x-ecg.pdf', PDF, 'pdf')).resolves.toEqual({ saved: false });
  });

  it('writes the bytes where the user chose', async () => {
    const target = join(outDir, 'chosen.pdf');
    state.saveResult = { canceled: false, filePath: target };
    await expect(saveFile('x-ecg.pdf', PDF, 'pdf')).resolves.toEqual({ saved: true, fileName: 'chosen.pdf' });
    expect(readFileSync(target, 'latin1')).toBe('%PDF-1.4 test bytes');
  });

  it('refuses with a code when the chosen place cannot be written', async () => {
    state.saveResult = { canceled: false, filePath: join(outDir, 'missing-folder', 'x.pdf') };
    await expect(saveFile('x-ecg.pdf', PDF, 'pdf')).rejects.toMatchObject({ code: 'REPORT_WRITE_FAILED' });
  });
});
