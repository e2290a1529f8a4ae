import type { ChannelName, EchoingClient, EventName } from '../../../src-main/contract/index';
import type { EchoingBridge } from '../../../src-main/contract/bridge';

/** The Electron transport: window.echoing (the preload) has one function per channel and per event. */
export function createBridgeClient(bridge: EchoingBridge): EchoingClient {
  return {
    invoke<C extends ChannelName>(channel: C, request: unknown) {
      const fn = bridge.channels[channel] as unknown as ((r: unknown) => Promise<never>) | undefined;
      if (typeof fn !== 'function') {
        return Promise.resolve({
          ok: false,
          error: { code: 'UNKNOWN_CHANNEL', message: `The desktop bridge has no ${channel} operation.` },
        } as never);
      }
      return fn(request);
    },
    on<E extends EventName>(event: E, listener: (payload: never) => void) {
      const subscribe = bridge.events[event] as unknown as ((l: (p: never) => void) => () => void) | undefined;
      return typeof subscribe === 'function' ? subscribe(listener) : () => undefined;
    },
  };
}
