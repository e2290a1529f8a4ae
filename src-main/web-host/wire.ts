/**
 * JSON wire encoding of the contract for the web host. Typed arrays (ECG samples, model outputs) would turn
 * into huge index-keyed objects in plain JSON, so they travel as {"$f32": "<base64 of the little-endian
 * bytes>"} and come back as the same typed array. The renderer has the mirror of this file
 * (src-renderer/src/transport/wire.ts); tests/integration/web-host checks the two agree.
 */
type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

type TypedArrayCtor = { new (buffer: ArrayBuffer): TypedArray; readonly BYTES_PER_ELEMENT: number };

/** Tag -> constructor; the tags are the wire format and must stay stable. */
export const WIRE_TAGS: Readonly<Record<string, TypedArrayCtor>> = {
  $i8: Int8Array,
  $u8: Uint8Array,
  $u8c: Uint8ClampedArray,
  $i16: Int16Array,
  $u16: Uint16Array,
  $i32: Int32Array,
  $u32: Uint32Array,
  $f32: Float32Array,
  $f64: Float64Array,
};

function tagOf(value: unknown): string | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined;
  for (const [tag, ctor] of Object.entries(WIRE_TAGS)) if (value.constructor === ctor) return tag;
  return undefined;
}

/** JSON.stringify with typed arrays encoded. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    const tag = tagOf(v);
    if (tag === undefined) return v;
    const view = v as TypedArray;
    return { [tag]: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
  });
}

/** Thrown for a body that is not valid JSON or carries a malformed typed array. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** JSON.parse with typed arrays decoded; throws WireError on malformed input. */
export function decodeWire(text: string): unknown {
  try {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const keys = Object.keys(v);
      if (keys.length !== 1) return v;
      const tag = keys[0] as string;
      const ctor = Object.prototype.hasOwnProperty.call(WIRE_TAGS, tag) ? WIRE_TAGS[tag] : undefined;
      const data = (v as Record<string, unknown>)[tag];
      if (!ctor || typeof data !== 'string') return v;
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) throw new WireError(`Malformed ${tag} array.`);
      // Copy into a fresh, aligned buffer: Buffer's pool offset may not be a multiple of the element size.
      const buffer = new ArrayBuffer(bytes.length);
      new Uint8Array(buffer).set(bytes);
      return new ctor(buffer);
    });
  } catch (error) {
    if (error instanceof WireError) throw error;
    throw new WireError('The request body is not valid JSON.');
  }
}
