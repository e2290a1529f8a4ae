import type { z } from 'zod';

/**
 * A request channel: the zod schema main validates every payload with, and the response type (a phantom:
 * types only, so the renderer can import the contract's types without pulling its runtime in).
 */
export interface ChannelSpec<Req extends z.ZodType, Res> {
  readonly request: Req;
  readonly __response?: Res;
}

/** `channel<Response>()(requestSchema)`: two steps so the response type is explicit and the request inferred. */
export function channel<Res>() {
  return <Req extends z.ZodType>(request: Req): ChannelSpec<Req, Res> => ({ request });
}

/** A push event from main to the renderer (progress and the like). Payload type only. */
export interface EventSpec<Payload> {
  readonly __payload?: Payload;
}

export function event<Payload>(): EventSpec<Payload> {
  return {};
}
