import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin, isAuthorised, tokenCookie, tokenMatches } from '../../../src-main/web-host/guard';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('web host guards', () => {
  it('accepts only our own Host header', () => {
    expect(isAllowedHost('127.0.0.1:4321', 4321)).toBe(true);
    expect(isAllowedHost('localhost:4321', 4321)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', '127.0.0.1:4322', 'evil.example:4321', 'evil.example', '0.0.0.0:4321', '[::1]:4321']) {
      expect(isAllowedHost(host, 4321)).toBe(false);
    }
  });

  it('accepts a missing or same Origin only', () => {
    expect(isAllowedOrigin(undefined, 80)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:80', 80)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 80)).toBe(false);
    expect(isAllowedOrigin('null', 80)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:81', 80)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
  });

  it('reads the token from the cookie or the header', () => {
    expect(isAuthorised(req({ cookie: 'a=1; echoing_token=tok; b=2' }), 'tok')).toBe(true);
    expect(isAuthorised(req({ 'x-echoing-token': 'tok' }), 'tok')).toBe(true);
    expect(isAuthorised(req({ cookie: 'echoing_token=nope' }), 'tok')).toBe(false);
    expect(isAuthorised(req({ cookie: 'xechoing_token=tok' }), 'tok')).toBe(false);
    expect(isAuthorised(req({}), 'tok')).toBe(false);
    expect(tokenCookie('tok')).toBe('echoing_token=tok; Path=/; HttpOnly; SameSite=Strict');
  });
});
