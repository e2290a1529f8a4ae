import type { FileRef } from './app';
import type { ChannelName, EventName, EventPayloadOf, RequestOf, ResponseOf } from './index';
import type { Result } from './result';

/** One function per request channel, each bound to its fixed channel name by the preload. */
export type BridgeChannels = { [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> };

/** One subscribe function per push event; each returns its unsubscribe. */
export type BridgeEvents = { [E in EventName]: (listener: (payload: EventPayloadOf<E>) => void) => () => void };

/**
 * What the Electron preload exposes as `window.echoing`: never ipcRenderer itself, never a generic send.
 * The renderer wraps it into an EchoingClient (src-renderer/src/transport).
 */
export interface EchoingBridge {
  channels: BridgeChannels;
  events: BridgeEvents;
  /** Dropped File objects: the preload resolves their paths and main hands out tokens (also emits files:opened). */
  droppedFiles(files: File[]): Promise<Result<FileRef[]>>;
}
