import type { ChannelName, EchoingClient, EventName, Result } from '../../../src-main/contract/index';
import { decodeWire, encodeWire } from './wire';

const unreachable = (detail: string): Result<never> => ({
  ok: false,
  error: { code: 'INTERNAL', message: `The application server cannot be reached (${detail}).` },
});

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The web host transport: POST /api/<channel> with the wire-encoded request, push events over one
 * EventSource. The page's cookie carries the access token; a per-page client id routes events back here.
 */
export function createHttpClient(base = ''): EchoingClient {
  const clientId = randomId();
  let source: EventSource | undefined;
  const eventSource = () => (source ??= new EventSource(`${base}/api/events?client=${clientId}`));
  // Open the stream at once, so progress events of the first request are not missed.
  eventSource();

  return {
    async invoke<C extends ChannelName>(channel: C, request: unknown) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-echoing-client': clientId },
          body: encodeWire(request ?? {}),
          credentials: 'same-origin',
        });
      } catch (error) {
        return unreachable(error instanceof Error ? error.message : 'network error');
      }
      try {
        return decodeWire(await response.text()) as never;
      } catch {
        return unreachable(`HTTP ${response.status}`) as never;
      }
    },
    on<E extends EventName>(event: E, listener: (payload: never) => void) {
      const wrapped = (e: Event) => {
        try {
          listener(decodeWire(String((e as Event & { data?: unknown }).data)) as never);
        } catch {
          // A malformed event is dropped rather than breaking the page.
        }
      };
      const es = eventSource();
      es.addEventListener(event, wrapped);
      return () => es.removeEventListener(event, wrapped);
    },
  };
}
