/**
 * The report channels through dispatch, as the Electron IPC wrapper and the web host call them: validation,
 * the PDF's bytes, the AI page from the shared pack manager, and save/print only where the host provides them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCoreHandlers, dispatch } from '../../../../src-main/core/api';
import type { CoreDeps } from '../../../../src-main/core/api/deps';
import { DEFAULT_REPORT_OPTIONS } from '../../../../src-main/core/report/options';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';

const ROOT = join(__dirname, '../../../..');
const DICOM = join(ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm');
const dataDir = mkdtempSync(join(tmpdir(), 'report-handlers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const ctx = { emit: () => undefined };

function setup(extra: Partial<CoreDeps> = {}) {
  const files = new FileRegistry();
  const handlers = createCoreHandlers({ transport: 'web', files, dataDir, bundledModelsDir: join(ROOT, 'models'), ...extra });
  const token = files.handOut(DICOM, 'file', 1).token;
  return { handlers, token };
}

describe('report channels', () => {
  it('report:pdf answers the PDF as plain bytes with a file name; the AI page comes from the active pack', async () => {
    const { handlers, token } = setup();
    const r = await dispatch(handlers, 'report:pdf', { token, options: DEFAULT_REPORT_OPTIONS, ai: true }, ctx);
    expect(r.ok).toBe(true);
    const v = (r as { value: { fileName: string; pages: number; bytes: Uint8Array } }).value;
    expect(v.fileName).toBe('pydicom_waveform_ecg-ecg.pdf');
    expect(v.pages).toBe(2);
    // A Uint8Array, not a Buffer: the web host's wire encodes exactly these as bytes.
    expect(v.bytes.constructor).toBe(Uint8Array);
    expect(new TextDecoder().decode(v.bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('refuses malformed options and tokens main never handed out', async () => {
    const { handlers, token } = setup();
    for (const options of [{ ...DEFAULT_REPORT_OPTIONS, speedMmPerS: 12.5 }, { ...DEFAULT_REPORT_OPTIONS, layout: 'median' }, { ...DEFAULT_REPORT_OPTIONS, extra: 1 }]) {
      const r = await dispatch(handlers, 'report:pdf', { token, options, ai: false }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const r = await dispatch(handlers, 'report:pdf', { token: 'not-handed-out', options: DEFAULT_REPORT_OPTIONS, ai: false }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FILE_TOKEN' } });
  });

  it('save and print are the desktop app’s: the web host answers REPORT_UNAVAILABLE', async () => {
    const { handlers, token } = setup();
    for (const channel of ['report:save', 'report:print']) {
      const r = await dispatch(handlers, channel, { token, options: DEFAULT_REPORT_OPTIONS, ai: false }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'REPORT_UNAVAILABLE' } });
    }
  });

  it('hands the PDF to the host’s save dialog and printer with the suggested name and the paper', async () => {
    const saved: { name: string; head: string }[] = [];
    const printed: { paper: string; head: string }[] = [];
    const { handlers, token } = setup({
      saveFile: async (name, bytes) => {
        saved.push({ name, head: new TextDecoder().decode(bytes.subarray(0, 5)) });
        return { saved: true, fileName: 'chosen.pdf' };
      },
      printPdf: async (bytes, paper) => {
        printed.push({ paper, head: new TextDecoder().decode(bytes.subarray(0, 5)) });
        return { printed: false, reason: 'Print job canceled' };
      },
    });
    const hidden = { ...DEFAULT_REPORT_OPTIONS, hideIdentifiers: true, paper: 'letter' as const };
    expect(await dispatch(handlers, 'report:save', { token, options: hidden, ai: false }, ctx)).toEqual({ ok: true, value: { saved: true, fileName: 'chosen.pdf' } });
    expect(saved[0]?.name).toMatch(/^ecg-[0-9a-f]{12}\.pdf$/);
    expect(saved[0]?.head).toBe('%PDF-');
    expect(await dispatch(handlers, 'report:print', { token, options: hidden, ai: false }, ctx)).toEqual({ ok: true, value: { printed: false, reason: 'Print job canceled' } });
    expect(printed).toEqual([{ paper: 'letter', head: '%PDF-' }]);
  });
});
