import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOAT, ProtoWriter, tensorInfo } from '../../src-main/core/model/engine/matmul-graph';

/**
 * Re-signed model packs with a tiny stand-in network (issue 11 safety tests): the reference pack's manifest,
 * heads and library with a small ONNX graph of the same input/output contract written here, its files hashed
 * again. Variants: a NaN constant in one output, and weights stored in an external data file.
 */
const REFERENCE_PACK = join(__dirname, '../../models/reference');
const INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export type NetworkOutput = 'mean' | 'logvar' | 'step_logvar';

export interface TestNetworkOptions {
  /** An output whose constant holds a NaN, so the network gives NaN there for every input. */
  nanIn?: NetworkOutput;
  /** Stores the logvar bias (it sets the uncertainty) outside model.onnx, in this file of the pack. */
  externalFile?: string;
  /** The logvar bias (default -6: an uncertainty score of exp(-6) = 0.0025). */
  logvarBias?: number;
}

const bytesOf = (a: Float32Array | BigInt64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function floatTensor(name: string, dims: number[], values: Float32Array): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.int(1, d);
  return t.int(2, FLOAT).string(8, name).bytes(9, bytesOf(values));
}

/** TensorProto whose data lives in `location` (external_data entries, data_location EXTERNAL). */
function externalTensor(name: string, dims: number[], location: string, length: number): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.int(1, d);
  t.int(2, FLOAT).string(8, name);
  for (const [k, v] of [['location', location], ['offset', '0'], ['length', String(length)]]) t.message(13, new ProtoWriter().string(1, k as string).string(2, v as string));
  return t.int(14, 1);
}

function node(op: string, inputs: string[], output: string, attrs: ProtoWriter[] = []): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  n.string(2, output).string(3, `${op}_${output}`).string(4, op);
  for (const a of attrs) n.message(5, a);
  return n;
}

/**
 * The stand-in network: mean = e0 (L2-normalised), logvar = bias, step_logvar = logvar broadcast over the
 * steps, each plus a zero-weight product of the per-lead input means, so the batch axis stays dynamic.
 */
export function testNetwork(opts: TestNetworkOptions = {}, dim = 512, steps = 63, leads = 12, samples = 1000): { onnx: Uint8Array; external?: Uint8Array } {
  const bm = new Float32Array(dim);
  bm[0] = 1;
  const bl = new Float32Array(dim).fill(opts.logvarBias ?? -6);
  const bs = new Float32Array(steps * dim);
  if (opts.nanIn === 'mean') bm[1] = Number.NaN;
  if (opts.nanIn === 'logvar') bl[3] = Number.NaN;
  if (opts.nanIn === 'step_logvar') bs[5] = Number.NaN;
  const zeros = new Float32Array(leads * dim);
  const graph = new ProtoWriter()
    .message(1, node('ReduceMean', ['ecg'], 'r', [new ProtoWriter().string(1, 'axes').int(8, 2).int(20, ATTR_INTS), new ProtoWriter().string(1, 'keepdims').int(3, 0).int(20, ATTR_INT)]))
    .message(1, node('MatMul', ['r', 'wm'], 'm0'))
    .message(1, node('Add', ['m0', 'bm'], 'mean'))
    .message(1, node('MatMul', ['r', 'wl'], 'l0'))
    .message(1, node('Add', ['l0', 'bl'], 'logvar'))
    .message(1, node('Unsqueeze', ['logvar', 'axis1'], 'lu'))
    .message(1, node('Add', ['lu', 'bs'], 'step_logvar'))
    .string(2, 'test_network')
    .message(5, floatTensor('wm', [leads, dim], zeros))
    .message(5, floatTensor('bm', [dim], bm))
    .message(5, floatTensor('wl', [leads, dim], zeros))
    .message(5, opts.externalFile ? externalTensor('bl', [dim], opts.externalFile, bl.byteLength) : floatTensor('bl', [dim], bl))
    .message(5, floatTensor('bs', [steps, dim], bs))
    .message(5, new ProtoWriter().int(1, 1).int(2, INT64).string(8, 'axis1').bytes(9, bytesOf(BigInt64Array.from([1n]))))
    .message(11, tensorInfo('ecg', ['batch', leads, samples]))
    .message(12, tensorInfo('mean', ['batch', dim]))
    .message(12, tensorInfo('logvar', ['batch', dim]))
    .message(12, tensorInfo('step_logvar', ['batch', steps, dim]));
  const onnx = new ProtoWriter().int(1, 8).string(2, 'echoing-ecg-tests').message(7, graph).message(8, new ProtoWriter().string(1, '').int(2, 17)).finish();
  return { onnx, ...(opts.externalFile ? { external: bytesOf(bl).slice() } : {}) };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * A copy of the reference pack with the stand-in network, re-signed: every file in the manifest hashed again.
 * `listExternal: false` leaves the external data file out of the manifest (as a tampered pack would).
 */
export function makeTestPack(opts: TestNetworkOptions & { listExternal?: boolean } = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'echoing-test-pack-')), 'pack');
  cpSync(REFERENCE_PACK, dir, { recursive: true });
  const net = testNetwork(opts);
  writeFileSync(join(dir, 'model.onnx'), net.onnx);
  if (net.external && opts.externalFile) writeFileSync(join(dir, opts.externalFile), net.external);
  resign(dir, opts.listExternal === false || !opts.externalFile ? [] : [opts.externalFile]);
  return dir;
}

/** Rewrites the manifest's file list with fresh sizes and hashes (plus `extra` pack files). */
export function resign(dir: string, extra: string[] = []): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
  const names = [...m.files.map((f) => f.path).filter((p) => !extra.includes(p)), ...extra];
  m.files = names.map((p) => {
    const b = readFileSync(join(dir, p));
    return { path: p, sha256: sha256(b), bytes: b.length };
  });
  writeFileSync(path, JSON.stringify(m, null, 1));
}
