/**
 * Browser half of the web host's JSON wire encoding: typed arrays travel as {"$f32": "<base64 of the
 * little-endian bytes>"}. Mirror of src-main/web-host/wire.ts (the renderer may not import main-side code);
 * tests/integration/web-host checks that the two agree byte for byte.
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

const TAGS: Readonly<Record<string, TypedArrayCtor>> = {
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

const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list well under engine limits.
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JSON.stringify with typed arrays encoded. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!ArrayBuffer.isView(v) || v instanceof DataView) return v;
    for (const [tag, ctor] of Object.entries(TAGS)) {
      if (v.constructor === ctor) return { [tag]: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    return v;
  });
}

/** JSON.parse with typed arrays decoded (throws on malformed text). */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    const tag = keys[0] as string;
    const ctor = Object.prototype.hasOwnProperty.call(TAGS, tag) ? TAGS[tag] : undefined;
    const data = (v as Record<string, unknown>)[tag];
    if (!ctor || typeof data !== 'string') return v;
    const bytes = fromBase64(data);
    if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`Malformed ${tag} array.`);
    return new ctor(bytes.buffer as ArrayBuffer);
  });
}
