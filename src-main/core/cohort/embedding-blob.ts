/**
 * Embeddings as the cohort store keeps them (migration 2): float32 little-endian blobs, written and read
 * through a DataView so the byte order is the same on every machine that opens the database.
 */

export function f32ToBlob(values: Float32Array): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i] as number, i * 4);
  return buf;
}

/** A stored blob (libsql returns an ArrayBuffer, other drivers a Buffer) as float32, into `into` at `offset` when given. */
export function blobToF32(blob: ArrayBuffer | Uint8Array, into?: Float32Array, offset = 0): Float32Array {
  const n = blob.byteLength >> 2;
  const out = into ?? new Float32Array(n);
  const view = blob instanceof ArrayBuffer ? new DataView(blob) : new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < n; i++) out[offset + i] = view.getFloat32(i * 4, true);
  return out;
}
