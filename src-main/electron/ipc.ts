import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { CHANNEL_NAMES, type FileRef, type Result } from '../contract';
import { dispatch } from '../core/api/dispatch';
import type { HandlerContext, HandlerMap } from '../core/api/types';
import { toErrorValue } from '../core/errors';
import type { FileRegistry } from '../core/files/file-registry';
import { DROP_CHANNEL } from './drop-channel';
import { handOutPaths } from './open-files';
import { APP_HOST, APP_SCHEME } from './protocol';

export { DROP_CHANNEL };

/** True for the top frame of a page served from app://renderer; subframes and any other origin are refused. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame: WebFrameMain | null | undefined = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  // Same frame as the window's top frame (by identity, or by process and routing id if wrappers differ).
  const main = event.sender.mainFrame;
  if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId)) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

const untrusted = (): Result<never> => ({
  ok: false,
  error: { code: 'UNTRUSTED_SENDER', message: 'This request did not come from the application window.' },
});

/** Pushes events back to the window that made the request, if it still exists. */
function contextFor(event: IpcMainInvokeEvent): HandlerContext {
  return {
    emit: (name, payload) => {
      if (!event.sender.isDestroyed()) event.sender.send(name, payload);
    },
  };
}

/**
 * The one wrapper every IPC request goes through: sender check, then dispatch (zod validation, handler, error
 * wrapping). Resolves to a Result value; never rejects, because Electron would pass only an Error's message.
 */
export async function handle(
  handlers: HandlerMap,
  channel: string,
  event: IpcMainInvokeEvent,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isTrustedSender(event)) return untrusted();
  return dispatch(handlers, channel, payload, contextFor(event));
}

/** Dropped paths come from the preload (trusted code, untrusted page): validated, stat'ed, then handed out. */
export async function handleDrop(files: FileRegistry, event: IpcMainInvokeEvent, payload: unknown): Promise<Result<FileRef[]>> {
  if (!isTrustedSender(event)) return untrusted();
  try {
    const refs = await handOutPaths(files, payload);
    if (refs.length > 0) contextFor(event).emit('files:opened', refs);
    return { ok: true, value: refs };
  } catch (error) {
    return { ok: false, error: toErrorValue(error) };
  }
}

/** Registers every contract channel (and the drop channel) on ipcMain. Returns an undo for tests. */
export function setupIpc(handlers: HandlerMap, files: FileRegistry): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => handle(handlers, name, event, payload));
  }
  ipcMain.handle(DROP_CHANNEL, (event, payload: unknown) => handleDrop(files, event, payload));
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(name);
    ipcMain.removeHandler(DROP_CHANNEL);
  };
}
