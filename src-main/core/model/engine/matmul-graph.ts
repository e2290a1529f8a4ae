/**
 * A one-node ONNX graph, Y = X . W^T with W a constant [n x dim] float32 matrix, written as protobuf bytes
 * for onnxruntime to load from memory. The heads use it to score every Monte Carlo sample against every
 * library study and prompt in one optimised matrix product (see results/row-products.ts); building it here
 * keeps the pack format unchanged (any pack's library and prompts work) and needs no Python at run time.
 *
 * Only the handful of onnx.proto fields this graph uses are written (field numbers from onnx.proto3).
 */

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
export const FLOAT = 1; // TensorProto.DataType.FLOAT
const IR_VERSION = 8;
const OPSET = 17;

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }

  private varint(v: number): void {
    const out: number[] = [];
    let x = v;
    while (x >= 0x80) {
      out.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    out.push(x);
    this.push(Uint8Array.from(out));
  }

  int(field: number, v: number): this {
    this.varint((field << 3) | WIRE_VARINT);
    this.varint(v);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.varint((field << 3) | WIRE_BYTES);
    this.varint(b.length);
    this.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** ValueInfoProto of a float tensor; a string dim is symbolic (the batch axis). */
export function tensorInfo(name: string, dims: (number | string)[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

/**
 * Model bytes for Y[m, n] = X[m, dim] . W^T, input "x", output "y". `rows` is W, row-major [n x dim]; it is
 * stored transposed ([dim x n], MatMul's layout) as a constant so onnxruntime can pre-pack it once.
 */
export function rowProductModel(rows: Float32Array, n: number, dim: number): Uint8Array {
  if (rows.length !== n * dim) throw new Error('rows must be n x dim');
  const wt = new Float32Array(dim * n);
  for (let j = 0; j < n; j++) for (let t = 0; t < dim; t++) wt[t * n + j] = rows[j * dim + t] as number;
  const raw = new Uint8Array(wt.buffer, wt.byteOffset, wt.byteLength);
  // TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian as on every platform we ship).
  const weight = new ProtoWriter().int(1, dim).int(1, n).int(2, FLOAT).string(8, 'w').bytes(9, raw);
  // NodeProto: input (1), output (2), name (3), op_type (4).
  const node = new ProtoWriter().string(1, 'x').string(1, 'w').string(2, 'y').string(3, 'row_products').string(4, 'MatMul');
  // GraphProto: node (1), name (2), initializer (5), input (11), output (12).
  const graph = new ProtoWriter()
    .message(1, node)
    .string(2, 'row_products')
    .message(5, weight)
    .message(11, tensorInfo('x', ['m', dim]))
    .message(12, tensorInfo('y', ['m', n]));
  // ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8: domain 1, version 2).
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'echoing-ecg-review')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').int(2, OPSET))
    .finish();
}
