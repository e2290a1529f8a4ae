/**
 * Reading the signal files of a WFDB record into microvolt leads. One file may hold several signals
 * (interleaved frames); several files may make up one record. Lengths are checked before allocation.
 */
import { CoreError } from '../../errors';
import { checkSampleBudget } from '../limits';
import { normaliseLeadName } from '../lead-names';
import { decodeStream, invalidValue, samplesInBytes } from './formats';
import type { SignalSpec, WfdbHeader } from './header';
import { readMat4Header } from './mat4';

export interface DecodedSignal {
  spec: SignalSpec;
  name: string;
  /** Microvolts per ADC unit; undefined when the units are not a voltage. */
  samples?: Float32Array;
  invalid: number;
  checksumOk?: boolean;
}

const VOLTS: Readonly<Record<string, number>> = { nv: 1e-3, uv: 1, 'µv': 1, 'μv': 1, mv: 1e3, v: 1e6 };

export function uvPerPhysicalUnit(units: string): number | undefined {
  return VOLTS[units.toLowerCase()];
}

function dataOffset(bytes: Uint8Array, spec: SignalSpec): number {
  if (spec.byteOffset !== undefined) return spec.byteOffset;
  if (/\.mat$/i.test(spec.fileName)) {
    const mat = readMat4Header(bytes);
    if (mat === undefined) throw new CoreError('CORRUPT', `The MATLAB signal file ${spec.fileName} has no readable matrix header.`);
    if (mat.type !== 30) {
      throw new CoreError('UNSUPPORTED_ENCODING', `The MATLAB signal file ${spec.fileName} does not hold 16-bit integers; this viewer reads only those.`);
    }
    return mat.dataOffset;
  }
  return 0;
}

/** Samples decoded per block (a multiple of 6, so packed formats start each block on a whole byte group). */
const BLOCK_SAMPLES = 6 * 65536;

/** Bytes that `samples` samples occupy from the start of the stream (`samples` a multiple of 6). */
function bytesOfSamples(format: number, samples: number): number {
  switch (format) {
    case 8:
    case 80:
      return samples;
    case 212:
      return (samples / 2) * 3;
    case 310:
    case 311:
      return (samples / 3) * 4;
    case 24:
      return samples * 3;
    case 32:
      return samples * 4;
    default:
      return samples * 2;
  }
}

/** Decodes every signal stored in `fileName` (specs in header order). */
export function readSignalFile(
  header: WfdbHeader,
  fileName: string,
  specs: SignalSpec[],
  bytes: Uint8Array,
  warnings: string[],
): DecodedSignal[] {
  const first = specs[0] as SignalSpec;
  const format = first.format;
  if (specs.some((s) => s.format !== format)) throw new CoreError('CORRUPT', `The WFDB header gives different formats for signals in ${fileName}.`);
  const offset = dataOffset(bytes, first);
  if (offset > bytes.length) throw new CoreError('TRUNCATED', `The signal file ${fileName} is shorter than its header offset: it is truncated.`);
  const frameSamples = specs.reduce((n, s) => n + s.samplesPerFrame, 0);
  const available = Math.floor(samplesInBytes(format, bytes.length - offset) / frameSamples);
  let frames = header.samplesPerSignal ?? available;
  if (header.samplesPerSignal === undefined || header.samplesPerSignal === 0) frames = available;
  checkSampleBudget(frameSamples, frames, `The signal file ${fileName}`);
  if (frames > available) {
    throw new CoreError('TRUNCATED', `The signal file ${fileName} holds ${available} samples per signal, fewer than the ${frames} its header declares: the recording is truncated.`);
  }
  const bad = invalidValue(format);
  const signals = specs.map((spec, index) => {
    const p = spec.samplesPerFrame;
    const factor = uvPerPhysicalUnit(spec.units);
    return {
      spec, p, start: specs.slice(0, index).reduce((n, x) => n + x.samplesPerFrame, 0),
      name: normaliseLeadName(spec.description) || `Signal ${header.signals.indexOf(spec) + 1}`,
      out: format === 0 || factor === undefined ? undefined : new Float32Array(frames * p),
      scale: (factor ?? 1) / spec.gain, sum: 0, invalid: 0, running: spec.initValue ?? 0,
    };
  });
  // Decoded a block of frames at a time: the raw intermediate stays a few MB whatever the recording's length
  // (decoding it whole held a 32-bit copy of every sample next to the output: 5x the file in memory).
  const blockFrames = Math.max(6, Math.floor(BLOCK_SAMPLES / frameSamples / 6) * 6);
  for (let f0 = 0; f0 < frames; f0 += blockFrames) {
    const nf = Math.min(blockFrames, frames - f0);
    const stream = decodeStream(bytes.subarray(offset + bytesOfSamples(format, f0 * frameSamples)), format, nf * frameSamples);
    for (const sig of signals) {
      const { out, p, start, scale, spec } = sig;
      if (out === undefined) continue;
      for (let f = 0; f < nf; f += 1) {
        for (let j = 0; j < p; j += 1) {
          let raw = stream[f * frameSamples + start + j] as number;
          if (format === 8) {
            sig.running += raw;
            raw = sig.running;
          }
          sig.sum += raw;
          if (bad !== undefined && raw === bad) {
            sig.invalid += 1;
            continue;
          }
          out[(f0 + f) * p + j] = (raw - spec.baseline) * scale;
        }
      }
    }
  }
  return signals.map(({ spec, name, out, sum, invalid }) => {
    if (out === undefined) return { spec, name, invalid: 0 };
    const checksumOk = spec.checksum === undefined || header.samplesPerSignal === undefined ? undefined : ((sum << 16) >> 16) === spec.checksum;
    if (checksumOk === false) warnings.push(`Checksum of signal ${name} does not match its header: the signal file may be damaged`);
    return { spec, name, samples: out, invalid, checksumOk };
  });
}
