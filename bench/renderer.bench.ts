/**
 * Renderer bench, in Debian chromium through the built web host (the e2e harness):
 * 1. time from file chosen (in-app browser click resolves the picker) to the first trace frame drawn,
 *    for the corpus DICOM and a ~1 MB file;
 * 2. frame time while panning a 10 s 500 Hz 12-lead ECG (GE MUSE XML, 8 stored + 4 derived leads) and the
 *    10 s 1000 Hz DICOM, zoomed so the page is wider and taller than the canvas.
 * Prints a markdown table. Needs `npm run build` first (`npm run bench` does it).
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchApp, REPO_ROOT } from '../tests/e2e/harness';

const FILES = {
  dicom: join(REPO_ROOT, 'tests/fixtures/ecg/dicom/pydicom_waveform_ecg.dcm'),
  oneMb: join(REPO_ROOT, 'tests/fixtures/ecg/edf/contec_0000050.ECG.edf'),
  muse500: join(REPO_ROOT, 'tests/fixtures/ecg/ge-muse-xml/easyrecg_muse_ecg1.xml'),
};
const OPENS = 8;
const PAN_FRAMES = 180;

function stats(xs: number[]): { median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? Number.NaN };
}

async function openViaBrowser(page: Page, rootName: string, fileName: string): Promise<{ firstMs: number; openMs: number }> {
  const ready = page.getByTestId('review-ready');
  const prev = (await ready.count()) > 0 ? await ready.getAttribute('data-chosen-at') : null;
  await page.getByTestId('open-button').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(rootName, { exact: true }).click();
  await dialog.getByText(fileName, { exact: true }).click();
  // Wait for THIS open's first frame (a new chosen-at), not the previous file's.
  await page.waitForFunction((p) => {
    const el = document.querySelector('[data-testid="review-ready"]');
    const v = el?.getAttribute('data-first-trace-ms');
    return el !== null && el.getAttribute('data-chosen-at') !== p && v !== null && v !== undefined && v !== '';
  }, prev);
  return { firstMs: Number(await ready.getAttribute('data-first-trace-ms')), openMs: Number(await ready.getAttribute('data-open-ms')) };
}

/** Pans with wheel events, one per animation frame, and reads back frame intervals and draw durations. */
async function panFrames(page: Page, frames: number): Promise<{ intervals: number[]; draws: number[] }> {
  return page.evaluate(async (n) => {
    const el = document.querySelector('[data-testid="ecg-trace"]') as HTMLElement;
    const intervals: number[] = [];
    const draws: number[] = [];
    let last = performance.now();
    for (let i = 0; i < n; i++) {
      const dir = Math.floor(i / 45) % 2 === 0 ? 1 : -1;
      el.dispatchEvent(new WheelEvent('wheel', { deltaX: 14 * dir, deltaY: 3 * dir, bubbles: true, cancelable: true }));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      // The trace draws in its own rAF callback, scheduled before ours: by now this frame's draw is done.
      const now = performance.now();
      intervals.push(now - last);
      last = now;
      draws.push(Number(el.dataset.lastFrameMs));
    }
    return { intervals: intervals.slice(5), draws: draws.slice(5) };
  }, frames);
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'echoing-bench-'));
  for (const f of Object.values(FILES)) await copyFile(f, join(root, basename(f)));
  const app = await launchApp({ roots: [root], viewport: { width: 1600, height: 1000 } });
  const rows: string[] = [];
  try {
    const { page } = app;
    await page.getByTestId('nav-review').click();
    for (const [what, file] of [
      ['DICOM 12-lead 10 s 1000 Hz', FILES.dicom],
      ['EDF 12-lead (~1 MB)', FILES.oneMb],
    ] as const) {
      const times: { firstMs: number; openMs: number }[] = [];
      for (let i = 0; i < OPENS; i++) times.push(await openViaBrowser(page, basename(root), basename(file)));
      // The first open warms up the host and the page's code.
      const s = stats(times.slice(1).map((t) => t.firstMs));
      const o = stats(times.slice(1).map((t) => t.openMs));
      const kb = (await sizeKb(file)).toFixed(0);
      rows.push(`| first trace after file chosen: ${what}, ${kb} KB (n=${OPENS - 1}) | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | < 300 ms |`);
      rows.push(`| of which ecg:open (read + decode + HTTP transfer): ${what} | ${o.median.toFixed(1)} ms | ${o.p95.toFixed(1)} ms | |`);
      const r = stats(times.slice(1).map((t) => t.firstMs - t.openMs));
      rows.push(`| of which renderer (React update, display filter, layout, first frame): ${what} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | |`);
    }
    const idle = await page.evaluate(async () => {
      const xs: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        xs.push(now - last);
        last = now;
      }
      return xs.slice(5);
    });
    const idleS = stats(idle);
    rows.push(`| idle page frame interval (rAF, no work: the machine's baseline) | ${idleS.median.toFixed(1)} ms | ${idleS.p95.toFixed(1)} ms | |`);
    for (const [what, file] of [
      ['10 s 500 Hz 12-lead (MUSE XML)', FILES.muse500],
      ['10 s 1000 Hz 12-lead (DICOM)', FILES.dicom],
    ] as const) {
      await openViaBrowser(page, basename(root), basename(file));
      await page.getByTestId('layout-control').getByText('12x1', { exact: true }).click();
      await page.getByTestId('speed-control').getByText('50 mm/s').click();
      await page.getByTestId('ecg-trace').focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('+');
      const rate = await page.getByTestId('ecg-trace').getAttribute('data-sample-rate');
      const leads = (await page.getByTestId('ecg-trace').getAttribute('data-leads'))?.split(',').length ?? 0;
      const { intervals, draws } = await panFrames(page, PAN_FRAMES);
      const d = stats(draws);
      const f = stats(intervals);
      rows.push(`| pan ${what}: draw time per frame (${leads} leads @ ${rate} Hz, 12x1, 50 mm/s, zoom 1.95x) | ${d.median.toFixed(2)} ms | ${d.p95.toFixed(2)} ms | < 16.7 ms |`);
      rows.push(`| pan ${what}: frame interval (rAF, n=${intervals.length}) | ${f.median.toFixed(1)} ms (${(1000 / f.median).toFixed(0)} fps) | ${f.p95.toFixed(1)} ms | 16.7 ms (60 fps) |`);
      await page.screenshot({ path: join(REPO_ROOT, 'test-output', 'e2e', `bench-pan-${basename(file)}.png`) });
    }
  } finally {
    await app.close();
    await rm(root, { recursive: true, force: true });
  }
  process.stdout.write('| measure | median | p95 | target |\n| --- | --- | --- | --- |\n');
  process.stdout.write(`${rows.join('\n')}\n`);
  const { loadavg, cpus } = await import('node:os');
  process.stdout.write(
    `\nChromium headless, --disable-gpu (software canvas), 1600x1000 CSS px viewport, devicePixelRatio 1; ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end.\n`,
  );
}

async function sizeKb(path: string): Promise<number> {
  const { stat } = await import('node:fs/promises');
  return (await stat(path)).size / 1024;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
