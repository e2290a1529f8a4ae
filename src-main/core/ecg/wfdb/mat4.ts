/**
 * MATLAB v4 matrix header, as in the PhysioNet/CinC Challenge .mat signal files (one int16 matrix 'val',
 * leads x samples, column-major, so samples are interleaved frame by frame exactly like WFDB format 16).
 */
export interface Mat4Header {
  /** MOPT type code: 30 = int16 little endian, 0 = double. */
  type: number;
  rows: number;
  cols: number;
  name: string;
  dataOffset: number;
}

/** Parses the first matrix header of a little-endian MATLAB v4 file; undefined when it is not one. */
export function readMat4Header(bytes: Uint8Array): Mat4Header | undefined {
  if (bytes.length < 20) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getInt32(0, true);
  const rows = view.getInt32(4, true);
  const cols = view.getInt32(8, true);
  const imag = view.getInt32(12, true);
  const nameLength = view.getInt32(16, true);
  // M digit 0 (little endian), O 0, P 0..5, T 0 (full matrix): type in 0..50 step 10.
  if (type < 0 || type > 50 || type % 10 !== 0 || rows < 0 || cols < 0 || imag !== 0) return undefined;
  if (nameLength < 1 || nameLength > 64 || 20 + nameLength > bytes.length) return undefined;
  const name = String.fromCharCode(...bytes.subarray(20, 20 + nameLength - 1));
  return { type, rows, cols, name, dataOffset: 20 + nameLength };
}
