import type { z } from 'zod';
import type { ChannelName, Channels, EventName, EventPayloadOf, ResponseOf } from '../../contract';

/** What every handler may use besides its payload. */
export interface HandlerContext {
  /** Pushes an event to the renderer that made the request (progress and the like). */
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void;
}

/** A handler receives the payload already validated (zod output type) and returns or throws a CoreError. */
export type Handler<C extends ChannelName> = (
  request: z.output<Channels[C]['request']>,
  context: HandlerContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerMap = { [C in ChannelName]: Handler<C> };

/** A domain's slice of the map (each domain module returns one). */
export type PartialHandlerMap<K extends ChannelName> = { [C in K]: Handler<C> };
