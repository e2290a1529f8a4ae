/**
 * Helpers of the review end-to-end tests: opening files through the in-app browser, reading the trace's data-*
 * geometry, choosing toolbar options, and measuring what the canvas really shows (pixels).
 */
import type { Page } from 'playwright-core';

/** CSS pixels per mm of an uncalibrated screen (96 dpi), what headless chromium reports. */
export const CSS_PX_PER_MM = 96 / 25.4;

/** Opens a file of the root folder through the in-app browser (the web host's stand-in for a dialog). */
export async function openThroughBrowser(page: Page, rootName: string, fileName: string): Promise<void> {
  await page.getByTestId('open-button').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(rootName, { exact: true }).click();
  await dialog.getByText(fileName, { exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function traceAttr(page: Page, name: string): Promise<string> {
  return (await page.getByTestId('ecg-trace').getAttribute(`data-${name}`)) ?? '';
}

export async function num(page: Page, name: string): Promise<number> {
  return Number(await traceAttr(page, name));
}

/** Picks `label` in the toolbar select `testId` (a Mantine Select: click, then the option). */
export async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** Waits until the trace has drawn a frame at least this new (data-frames grows with every draw). */
export async function settled(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = (await traceAttr(page, 'frames')) + (await traceAttr(page, 'px-per-mm')) + (await traceAttr(page, 'page-height-px'));
    if (now === last && now !== '') return;
    last = now;
    await page.waitForTimeout(120);
  }
}

export interface CellBox {
  lead: string;
  x: number;
  y: number;
  w: number;
  h: number;
  baseline: number;
}

/** The layout's cells in canvas CSS px (data-cell-boxes). */
export async function cellBoxes(page: Page): Promise<CellBox[]> {
  return (await traceAttr(page, 'cell-boxes'))
    .split(';')
    .filter(Boolean)
    .map((entry) => {
      const [lead, rest] = entry.split(':') as [string, string];
      const [x, y, w, h, baseline] = rest.split(',').map(Number) as [number, number, number, number, number];
      return { lead, x, y, w, h, baseline };
    });
}

/** The voltage span each drawn cell covers (data-drawn-mv), in cell order. */
export async function drawnMv(page: Page): Promise<{ lead: string; min: number; max: number }[]> {
  return (await traceAttr(page, 'drawn-mv'))
    .split(';')
    .filter(Boolean)
    .map((entry) => {
      const [lead, rest] = entry.split(':') as [string, string];
      const [min, max] = rest.split(',').map(Number) as [number, number];
      return { lead, min, max };
    });
}

/**
 * Bounding box of the dark (trace-coloured) canvas pixels inside a CSS-px rectangle, read back from the canvas
 * itself: what the screen shows, independent of the app's own numbers. Null when there are none.
 */
export async function darkBox(page: Page, r: { x: number; y: number; w: number; h: number }): Promise<{ x: number; y: number; w: number; h: number; count: number } | null> {
  return page.getByTestId('ecg-trace').evaluate((el, rect) => {
    const canvas = el.querySelector('canvas') as HTMLCanvasElement;
    const dpr = canvas.width / canvas.clientWidth;
    const x0 = Math.max(0, Math.floor(rect.x * dpr));
    const y0 = Math.max(0, Math.floor(rect.y * dpr));
    const w = Math.min(canvas.width - x0, Math.ceil(rect.w * dpr));
    const h = Math.min(canvas.height - y0, Math.ceil(rect.h * dpr));
    if (w <= 0 || h <= 0) return null;
    const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(x0, y0, w, h).data;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let count = 0;
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        const k = 4 * (j * w + i);
        if ((d[k] as number) < 110 && (d[k + 1] as number) < 110 && (d[k + 2] as number) < 110) {
          count++;
          minX = Math.min(minX, i);
          maxX = Math.max(maxX, i);
          minY = Math.min(minY, j);
          maxY = Math.max(maxY, j);
        }
      }
    }
    if (count === 0) return null;
    return { x: (x0 + minX) / dpr, y: (y0 + minY) / dpr, w: (maxX - minX + 1) / dpr, h: (maxY - minY + 1) / dpr, count };
  }, r);
}

/**
 * The first row's calibration pulse measured in canvas pixels: the distance between the centres of its two
 * vertical edges (0.2 s: px per second / 5) and between the centres of its top and of the baseline lead-in (1 mV:
 * px per mV), from darkness-weighted centroids of the trace-dark pixels (antialiasing gives sub-pixel positions).
 */
export async function measurePulse(page: Page): Promise<{ heightPx: number; widthPx: number }> {
  const first = (await cellBoxes(page))[0];
  if (!first) throw new Error('no cells');
  // The left margin of the first row holds only the pulse (labels start inside the cell).
  const region = { x: 0, y: Math.max(0, first.y), w: first.x - 2, h: first.h };
  const box = await darkBox(page, region);
  if (!box) throw new Error('no calibration pulse on the canvas');
  // No named inner functions in the page function (the test bundler would wrap them in a helper the page lacks).
  return page.getByTestId('ecg-trace').evaluate(
    (el, { b }) => {
      const canvas = el.querySelector('canvas') as HTMLCanvasElement;
      const dpr = canvas.width / canvas.clientWidth;
      const X0 = Math.max(0, Math.floor(b.x * dpr) - 3);
      const Y0 = Math.max(0, Math.floor(b.y * dpr) - 3);
      const W = Math.ceil(b.w * dpr) + 6;
      const H = Math.ceil(b.h * dpr) + 6;
      const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(X0, Y0, W, H).data;
      // Darkness of trace-dark pixels only (the pink grid stays above 150).
      const dark = new Float64Array(W * H);
      for (let k = 0; k < W * H; k++) dark[k] = Math.max(0, 150 - ((d[4 * k] as number) + (d[4 * k + 1] as number) + (d[4 * k + 2] as number)) / 3);
      // Columns dark over most of the pulse height are its two vertical edges.
      const edges: number[] = [];
      for (let i = 0; i < W; i++) {
        let n = 0;
        for (let j = 0; j < H; j++) if ((dark[j * W + i] as number) > 40) n++;
        if (n > 0.6 * b.h * dpr) edges.push(i);
      }
      const firstEdge = edges[0] as number;
      const lastEdge = edges[edges.length - 1] as number;
      // Weighted centroids: [x or y] over a rectangle [i0, i1) x [j0, j1).
      const rects = {
        left: [firstEdge - 1, firstEdge + 3, Math.round(H * 0.3), Math.round(H * 0.7)],
        right: [lastEdge - 2, lastEdge + 2, Math.round(H * 0.3), Math.round(H * 0.7)],
      };
      const out: Record<string, number> = {};
      for (const [name, [i0, i1, j0, j1]] of Object.entries(rects) as [string, number[]][]) {
        let sw = 0;
        let sx = 0;
        for (let i = Math.max(0, i0 as number); i < Math.min(W, i1 as number); i++) {
          for (let j = j0 as number; j < (j1 as number); j++) {
            sw += dark[j * W + i] as number;
            sx += (dark[j * W + i] as number) * i;
          }
        }
        out[name] = sx / sw;
      }
      const xLeft = out.left as number;
      const xRight = out.right as number;
      // Top edge between the verticals near the top; baseline from the lead-in left of the left edge.
      let tw = 0;
      let ty = 0;
      for (let i = Math.ceil(xLeft) + 2; i < Math.floor(xRight) - 1; i++) {
        for (let j = 0; j < 9; j++) {
          tw += dark[j * W + i] as number;
          ty += (dark[j * W + i] as number) * j;
        }
      }
      let bw = 0;
      let by = 0;
      for (let i = 0; i < Math.floor(xLeft) - 1; i++) {
        for (let j = H - 10; j < H; j++) {
          bw += dark[j * W + i] as number;
          by += (dark[j * W + i] as number) * j;
        }
      }
      return { widthPx: (xRight - xLeft) / dpr, heightPx: (by / bw - ty / tw) / dpr };
    },
    { b: box },
  );
}

/** Accessible names of every visible button (aria-label, labelled-by text, own text, title). */
export async function buttonNames(page: Page): Promise<{ name: string; html: string }[]> {
  return page.evaluate(() => {
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    return [...document.querySelectorAll('button, [role="button"], [role="tab"]')].filter(visible).map((e) => {
      const labelledBy = e.getAttribute('aria-labelledby');
      const byId = labelledBy ? labelledBy.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
      const name = (e.getAttribute('aria-label') ?? '') || byId || (e.textContent ?? '').trim() || (e.getAttribute('title') ?? '');
      return { name: name.trim(), html: e.outerHTML.slice(0, 160) };
    });
  });
}
