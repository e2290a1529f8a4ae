import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../../src-main/contract';
import { dispatch, isChannelName } from '../../../../src-main/core/api/dispatch';
import type { HandlerMap } from '../../../../src-main/core/api/types';
import { CoreError, ERROR_CODES } from '../../../../src-main/core/errors';

const context = { emit: vi.fn() };

/** Every channel answers with its own name, so a test can tell which handler ran. */
function echoHandlers(): HandlerMap {
  return Object.fromEntries(CHANNEL_NAMES.map((c) => [c, vi.fn(() => ({ ran: c }))])) as unknown as HandlerMap;
}

describe('dispatch', () => {
  it('runs the handler with the validated payload', async () => {
    const handlers = echoHandlers();
    await expect(dispatch(handlers, 'app:info', {}, context)).resolves.toEqual({ ok: true, value: { ran: 'app:info' } });
    expect(handlers['app:info']).toHaveBeenCalledWith({}, context);
  });

  it.each(['nope', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app:info ', 'APP:INFO'])(
    'answers UNKNOWN_CHANNEL for %j',
    async (name) => {
      expect(isChannelName(name)).toBe(false);
      const result = await dispatch(echoHandlers(), name, {}, context);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    },
  );

  it('answers BAD_REQUEST for payloads failing the schema, without calling the handler', async () => {
    const handlers = echoHandlers();
    for (const bad of [undefined, null, 0, 'x', [], { extra: 1 }]) {
      const result = await dispatch(handlers, 'app:info', bad, context);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!result.ok) expect(result.error.message).toContain('app:info');
    }
    const r = await dispatch(handlers, 'files:sibling', { token: '', direction: 'sideways' }, context);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(handlers['app:info']).not.toHaveBeenCalled();
    expect(handlers['files:sibling']).not.toHaveBeenCalled();
  });

  it('keeps the BAD_REQUEST message short for huge payloads', async () => {
    const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const result = await dispatch(echoHandlers(), 'app:info', huge, context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(400);
  });

  it('turns thrown errors into coded values', async () => {
    const handlers = echoHandlers();
    const throwing = (error: unknown) => {
      handlers['app:info'] = (() => {
        throw error;
      }) as never;
      return dispatch(handlers, 'app:info', {}, context);
    };
    await expect(throwing(new CoreError('FILE_NOT_FOUND', 'The file is gone.'))).resolves.toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'The file is gone.' },
    });
    await expect(throwing(new Error('boom'))).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await expect(throwing(new RangeError('offset'))).resolves.toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
    await expect(throwing('a string')).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await expect(throwing(undefined)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const hostile = { get message(): string { throw new Error('getter'); }, toString(): string { throw new Error('str'); } };
    await expect(throwing(hostile)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('turns rejected promises into coded values', async () => {
    const handlers = echoHandlers();
    handlers['app:info'] = (() => Promise.reject(new CoreError('CANCELLED', 'Stopped.'))) as never;
    await expect(dispatch(handlers, 'app:info', {}, context)).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('answers UNKNOWN_CHANNEL when a contract channel has no handler', async () => {
    const handlers = echoHandlers();
    delete (handlers as Partial<HandlerMap>)['app:info'];
    await expect(dispatch(handlers, 'app:info', {}, context)).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('never throws or rejects, whatever arrives on any channel', async () => {
    const junk: unknown[] = [undefined, null, NaN, -1, 'x', [], [1, 2], {}, { token: 1 }, { token: 'a'.repeat(1e5) }, Symbol('s')];
    const handlers = echoHandlers();
    for (const channel of [...CHANNEL_NAMES, 'missing:channel']) {
      for (const payload of junk) {
        const result = await dispatch(handlers, channel, payload, context);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(ERROR_CODES).toContain(result.error.code);
      }
    }
  });
});

describe('redactPaths', () => {
  it('masks file paths in unexpected error messages', async () => {
    const { redactPaths } = await import('../../../../src-main/core/api/dispatch');
    expect(redactPaths("ENOENT: no such file or directory, open '/data/ecgs/Doe_John_1950.xml'")).toBe(
      "ENOENT: no such file or directory, open '<path>'",
    );
    expect(redactPaths('EACCES: permission denied, scandir C:\\Users\\jdoe\\ECG')).toBe('EACCES: permission denied, scandir <path>');
    expect(redactPaths('Cannot read properties of undefined (reading x)')).toBe('Cannot read properties of undefined (reading x)');
    expect(redactPaths('expected 12 leads / got 8')).toBe('expected 12 leads / got 8');
  });

  it('is applied to INTERNAL errors crossing dispatch', async () => {
    const handlers = echoHandlers();
    handlers['app:info'] = (() => {
      throw new Error("ENOENT: no such file or directory, open '/home/u/Smith_Jane.xml'");
    }) as never;
    const result = await dispatch(handlers, 'app:info', {}, context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toContain('Smith');
  });
});
