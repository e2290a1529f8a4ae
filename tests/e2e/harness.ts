/**
 * Shared by every end-to-end test: starts the web host from the BUILT app (out/, made by `npm run build`,
 * which `npm run test:e2e` runs first) on a random 127.0.0.1 port with a temporary data folder, opens it in
 * Debian's chromium through playwright-core with a fresh profile, records every request and fails when one
 * leaves 127.0.0.1, and saves screenshots under test-output/e2e/. The browser is the one browser.ts finds
 * (ECHOING_E2E_BROWSER, else the usual paths); tests/e2e/global-setup.ts prints which one ran.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser } from './browser';

export const REPO_ROOT = resolve(__dirname, '../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'e2e');
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

interface BuiltWebHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}
type StartWebHost = (options: { dataDir: string; roots?: string[]; port?: number }) => Promise<BuiltWebHost>;

export interface LaunchOptions {
  /** Folders the in-app file browser may open (the web host's --root). */
  roots?: string[];
  /** Data folder; a fresh temporary one when absent (removed on close). */
  dataDir?: string;
  viewport?: { width: number; height: number };
}

export interface E2eApp {
  page: Page;
  context: BrowserContext;
  host: BuiltWebHost;
  dataDir: string;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Requests that would have left 127.0.0.1 (they are also aborted). */
  externalRequests: string[];
  /** Console errors and uncaught page errors (a CSP violation shows up here). */
  consoleErrors: string[];
  /** Saves test-output/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes browser and host; throws when any request left 127.0.0.1. */
  close(): Promise<void>;
}

/** True for URLs that stay on this machine's loopback web host (or never hit the network at all). */
export function isLocalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return (url.protocol === 'http:' || url.protocol === 'ws:') && url.hostname === '127.0.0.1';
}

function loadStartWebHost(): StartWebHost {
  const bundle = join(REPO_ROOT, 'out', 'main', 'web-host.js');
  if (!existsSync(bundle) || !existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('The app is not built: run `npm run build` first (npm run test:e2e does).');
  }
  const mod = createRequire(__filename)(bundle) as { startWebHost?: StartWebHost };
  if (typeof mod.startWebHost !== 'function') throw new Error('out/main/web-host.js does not export startWebHost.');
  return mod.startWebHost;
}

/** Starts the built web host and opens it in chromium; always pair with `await app.close()`. */
export async function launchApp(options: LaunchOptions = {}): Promise<E2eApp> {
  const browser = findBrowser();
  if (browser instanceof Error) throw browser;
  const startWebHost = loadStartWebHost();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'echoing-e2e-data-')));
  const profile = await mkdtemp(join(tmpdir(), 'echoing-e2e-profile-'));
  const host = await startWebHost({ dataDir, roots: options.roots ?? [] });
  const requests: string[] = [];
  const externalRequests: string[] = [];
  const consoleErrors: string[] = [];
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.path,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      offline: false,
    });
    context.on('request', (request) => {
      requests.push(request.url());
      if (!isLocalUrl(request.url())) externalRequests.push(request.url());
    });
    // Belt and braces: anything non-local is also aborted, so a failing test never reaches the network.
    await context.route('**/*', (route) => (isLocalUrl(route.request().url()) ? route.continue() : route.abort()));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(host.url, { waitUntil: 'load' });
    const ctx = context;
    return {
      page,
      context: ctx,
      host,
      dataDir,
      requests,
      externalRequests,
      consoleErrors,
      async screenshot(name) {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path, fullPage: false });
        return path;
      },
      async close() {
        await ctx.close().catch(() => undefined);
        await host.close();
        await rm(profile, { recursive: true, force: true });
        if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
        if (externalRequests.length > 0) {
          throw new Error(`Requests left 127.0.0.1: ${externalRequests.join(', ')}`);
        }
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await host.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
