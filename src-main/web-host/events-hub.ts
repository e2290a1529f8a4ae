import type { ServerResponse } from 'node:http';
import { encodeWire } from './wire';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for the web host: each page opens one stream with its client id, and a handler's emit()
 * reaches the page that made the request (the web equivalent of webContents.send).
 */
export class EventsHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.broadcastComment('ping'), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Attaches a response as an event stream for `clientId` until the page goes away. */
  attach(clientId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    let set = this.streams.get(clientId);
    if (!set) this.streams.set(clientId, (set = new Set()));
    set.add(res);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.streams.delete(clientId);
    });
  }

  /** Sends one event to a client's streams (to every stream when the request carried no client id). */
  send(clientId: string | undefined, event: string, payload: unknown): void {
    const frame = `event: ${event}\ndata: ${encodeWire(payload)}\n\n`;
    const targets = clientId === undefined ? [...this.streams.values()] : [this.streams.get(clientId) ?? new Set()];
    for (const set of targets) for (const res of set) res.write(frame);
  }

  private broadcastComment(text: string): void {
    for (const set of this.streams.values()) for (const res of set) res.write(`: ${text}\n\n`);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    clearInterval(this.timer);
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }
}
