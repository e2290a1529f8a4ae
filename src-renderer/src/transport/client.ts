import type { EchoingClient, FileRef, Result } from '../../../src-main/contract/index';
import type { EchoingBridge } from '../../../src-main/contract/bridge';
import { createBridgeClient } from './bridge-client';
import { createHttpClient } from './http-client';

declare global {
  interface Window {
    /** Present only inside Electron (the preload). */
    echoing?: EchoingBridge;
  }
}

let client: EchoingClient | undefined;

/**
 * The one client of the whole renderer: the Electron preload when present, else the web host over HTTP/SSE.
 * Both speak the same contract with the same Result values, so features never know which one they have.
 */
export function getClient(): EchoingClient {
  client ??= window.echoing ? createBridgeClient(window.echoing) : createHttpClient();
  return client;
}

/**
 * Hands files dropped on the window to main (Electron: paths resolved by the preload, tokens handed out by
 * main, which also emits `files:opened`). A browser page cannot reveal a dropped file's path, so the web host
 * answers with a coded error telling the user to use Open instead.
 */
export function dropFiles(files: File[]): Promise<Result<FileRef[]>> {
  if (window.echoing) return window.echoing.droppedFiles(files);
  return Promise.resolve({
    ok: false,
    error: { code: 'BAD_REQUEST', message: 'Dropping files works in the desktop app. In the browser, use Open.' },
  });
}
