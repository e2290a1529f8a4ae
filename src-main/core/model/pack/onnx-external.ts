/**
 * The external data files an ONNX model makes onnxruntime load (tensors stored outside the .onnx file, as big
 * models are). The manifest's checksums only protect what it lists, so every such file must be listed, or a
 * pack could change its weights without any hash noticing.
 *
 * Hand-written: no npm package reads ONNX protobuf metadata without loading the whole model into memory, and a
 * real pack is 500 MB. This walks the protobuf from the file descriptor, descending only into the messages that
 * can hold tensors and skipping their payloads, so it reads a few kilobytes whatever the model's size.
 * Field numbers are those of onnx.proto3.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { CoreError } from '../../errors';

type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'function' | 'training' | 'sparse' | 'tensor';

/** For each message kind, the length-delimited fields to descend into, and what they hold. */
const CHILDREN: Readonly<Record<Exclude<Kind, 'tensor'>, Readonly<Record<number, Kind>>>> = {
  model: { 7: 'graph', 20: 'training', 25: 'function' },
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  function: { 7: 'node' },
  training: { 1: 'graph', 2: 'graph' },
  sparse: { 1: 'tensor', 2: 'tensor' },
};
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const MAX_DEPTH = 64;
const BLOCK = 64 * 1024;

const damaged = (): CoreError => new CoreError('PACK_INVALID', 'The model pack network (model.onnx) is not a readable ONNX model.');

/** Positional reads through a small block cache (the walk jumps over payloads, never reads them). */
class ProtoFile {
  private block = Buffer.alloc(0);
  private blockAt = -1;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  async byte(pos: number): Promise<number> {
    if (pos < 0 || pos >= this.size) throw damaged();
    if (pos < this.blockAt || pos >= this.blockAt + this.block.length) {
      const buf = Buffer.alloc(Math.min(BLOCK, this.size - pos));
      await this.file.read(buf, 0, buf.length, pos);
      this.block = buf;
      this.blockAt = pos;
    }
    return this.block[pos - this.blockAt] as number;
  }

  async varint(pos: number): Promise<{ value: number; next: number }> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = await this.byte(pos + i);
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return { value, next: pos + i + 1 };
    }
    throw damaged();
  }

  async text(pos: number, length: number): Promise<string> {
    if (length > 4096) throw damaged();
    const buf = Buffer.alloc(length);
    await this.file.read(buf, 0, length, pos);
    return buf.toString('utf8');
  }
}

/** Visits each field of the message in [start, end): its number, wire type, and payload position/length or value. */
async function fields(
  f: ProtoFile,
  start: number,
  end: number,
  visit: (field: number, at: number, length: number, value: number) => Promise<void>,
): Promise<void> {
  let pos = start;
  while (pos < end) {
    const tag = await f.varint(pos);
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    pos = tag.next;
    if (wire === 0) {
      const v = await f.varint(pos);
      await visit(field, pos, 0, v.value);
      pos = v.next;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = await f.varint(pos);
      if (len.next + len.value > end) throw damaged();
      await visit(field, len.next, len.value, 0);
      pos = len.next + len.value;
    } else throw damaged();
    if (pos > end) throw damaged();
  }
}

/** The `location` of a tensor's external data, when the tensor says its data is external. */
async function tensorLocation(f: ProtoFile, start: number, end: number): Promise<string | undefined> {
  let external = false;
  let location: string | undefined;
  await fields(f, start, end, async (field, at, length, value) => {
    if (field === TENSOR_DATA_LOCATION) external = value === 1;
    if (field !== TENSOR_EXTERNAL_DATA) return;
    let key = '';
    let val = '';
    await fields(f, at, at + length, async (entryField, entryAt, entryLength) => {
      if (entryField === 1) key = await f.text(entryAt, entryLength);
      if (entryField === 2) val = await f.text(entryAt, entryLength);
    });
    if (key === 'location') location = val;
  });
  return external || location !== undefined ? (location ?? '') : undefined;
}

async function walk(f: ProtoFile, kind: Kind, start: number, end: number, depth: number, out: Set<string>): Promise<void> {
  if (depth > MAX_DEPTH) throw damaged();
  if (kind === 'tensor') {
    const location = await tensorLocation(f, start, end);
    if (location !== undefined) out.add(location);
    return;
  }
  const children = CHILDREN[kind];
  await fields(f, start, end, async (field, at, length) => {
    const child = children[field];
    if (child !== undefined && length > 0) await walk(f, child, at, at + length, depth + 1, out);
  });
}

/**
 * The external data locations (as written in the model, relative to its folder) of every tensor in an ONNX
 * model: initializers, sparse initializers, constants in node attributes, subgraphs, functions. PACK_INVALID
 * when the file is not readable protobuf.
 */
export async function onnxExternalDataFiles(modelPath: string): Promise<string[]> {
  const file = await open(modelPath, 'r');
  try {
    const size = (await file.stat()).size;
    const out = new Set<string>();
    await walk(new ProtoFile(file, size), 'model', 0, size, 0, out);
    return [...out].sort();
  } finally {
    await file.close();
  }
}
