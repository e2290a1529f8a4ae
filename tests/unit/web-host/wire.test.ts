import { describe, expect, it } from 'vitest';
import { decodeWire as decodeServer, encodeWire as encodeServer, WireError } from '../../../src-main/web-host/wire';
import { decodeWire as decodeBrowser, encodeWire as encodeBrowser } from '../../../src-renderer/src/transport/wire';

const sample = () => ({
  f32: new Float32Array([1.5, -2.25, Number.NaN, Infinity, 3.4e38]),
  f64: new Float64Array([Math.PI, -0]),
  i16: new Int16Array([-32768, 32767, 0]),
  u8: new Uint8Array([0, 255]),
  i32: new Int32Array([-1, 2 ** 31 - 1]),
  // A view into the middle of a bigger buffer: only its own bytes may travel.
  view: new Float32Array(new Float32Array([9, 8, 7, 6]).buffer, 4, 2),
  nested: [{ samples: new Float32Array(3000).map((_, i) => Math.sin(i / 10)) }],
  plain: { text: 'x', n: 1, list: [1, 2], none: null },
});

describe('wire encoding of typed arrays', () => {
  it('round-trips on the server side with exact types and values', () => {
    const back = decodeServer(encodeServer(sample())) as ReturnType<typeof sample>;
    expect(back).toEqual(sample());
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(back.view).toEqual(new Float32Array([8, 7]));
    expect(Object.is(back.f64[1], -0)).toBe(true);
  });

  it('server and browser halves agree in both directions', () => {
    const s = sample();
    expect(encodeBrowser(s)).toBe(encodeServer(s));
    expect(decodeBrowser(encodeServer(s))).toEqual(s);
    expect(decodeServer(encodeBrowser(s))).toEqual(s);
  });

  it('encodes compactly (base64, not index-keyed objects)', () => {
    const text = encodeServer({ a: new Float32Array(1000) });
    expect(text.length).toBeLessThan(6000);
    expect(text).toMatch(/^\{"a":\{"\$f32":"[A-Za-z0-9+/=]+"\}\}$/);
  });

  it('leaves look-alike objects alone and rejects malformed arrays', () => {
    expect(decodeServer('{"$f32":1}')).toEqual({ $f32: 1 });
    expect(decodeServer('{"$nope":"AAAA"}')).toEqual({ $nope: 'AAAA' });
    expect(decodeServer('{"$f32":"AAAA","x":1}')).toEqual({ $f32: 'AAAA', x: 1 });
    expect(() => decodeServer('{"$f32":"AAA="}')).toThrow(WireError); // 2 bytes: not a whole float
    expect(() => decodeServer('{nope')).toThrow(WireError);
  });
});
