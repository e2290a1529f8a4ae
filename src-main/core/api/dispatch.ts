import { channels, type ChannelName, type Result } from '../../contract';
import { CoreError, toErrorValue } from '../errors';
import { log } from '../log/logger';
import { redactPaths } from '../log/redact';
import type { Handler, HandlerContext, HandlerMap } from './types';

const MAX_ISSUE_TEXT = 300;

/** True for a name the contract defines (own keys only: "__proto__" or "toString" are not channels). */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * The one way a request reaches a handler, from Electron IPC and from the web host alike: unknown channel ->
 * UNKNOWN_CHANNEL, payload failing the channel's zod schema -> BAD_REQUEST, anything the handler throws -> its
 * coded error value. Never throws and never rejects: errors cross the boundary as values.
 */
export async function dispatch(
  handlers: HandlerMap,
  channelName: string,
  payload: unknown,
  context: HandlerContext,
): Promise<Result<unknown>> {
  try {
    if (!isChannelName(channelName)) {
      return fail(new CoreError('UNKNOWN_CHANNEL', 'The application asked for an operation this version does not have.'));
    }
    const parsed = channels[channelName].request.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
        .join('; ')
        .slice(0, MAX_ISSUE_TEXT);
      return fail(new CoreError('BAD_REQUEST', `The request for ${channelName} was malformed (${detail}).`));
    }
    const handler = handlers[channelName] as Handler<ChannelName> | undefined;
    if (typeof handler !== 'function') {
      return fail(new CoreError('UNKNOWN_CHANNEL', `No handler is registered for ${channelName}.`));
    }
    const value: unknown = await handler(parsed.data as never, context);
    return { ok: true, value };
  } catch (error) {
    // Coded errors are expected outcomes (a bad file, a missing pack); anything else is a bug worth a log line.
    if (!(error instanceof CoreError)) log.error(`${channelName} failed unexpectedly:`, error);
    return fail(error);
  }
}

/**
 * Unexpected errors carry third-party messages (fs errors quote the path, and file names can hold a patient's
 * name): paths are masked before the message crosses the boundary (the log's rules, core/log/redact.ts).
 * CoreError messages are written without PHI.
 */
export { redactPaths };

function fail(error: unknown): Result<never> {
  try {
    const value = toErrorValue(error);
    if (value.code === 'INTERNAL') value.message = redactPaths(value.message);
    return { ok: false, error: value };
  } catch {
    // A hostile object whose getters throw still becomes a value.
    return { ok: false, error: { code: 'INTERNAL', message: 'Unexpected internal error.' } };
  }
}
