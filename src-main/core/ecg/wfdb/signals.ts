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
  const stream = decodeStream(bytes.subarray(offset), format, frames * frameSamples);
  const bad = invalidValue(format);
  let position = 0;
  return specs.map((spec) => {
    const p = spec.samplesPerFrame;
    const name = normaliseLeadName(spec.description) || `Signal ${header.signals.indexOf(spec) + 1}`;
    const factor = uvPerPhysicalUnit(spec.units);
    const start = position;
    position += p;
    if (format === 0 || factor === undefined) return { spec, name, invalid: 0 };
    const out = new Float32Array(frames * p);
    let sum = 0;
    let invalid = 0;
    let running = spec.initValue ?? 0;
    const scale = factor / spec.gain;
    for (let f = 0; f < frames; f += 1) {
      for (let j = 0; j < p; j += 1) {
        let raw = stream[f * frameSamples + start + j] as number;
        if (format === 8) {
          running += raw;
          raw = running;
        }
        sum += raw;
        if (bad !== undefined && raw === bad) {
          invalid += 1;
          continue;
        }
        out[f * p + j] = (raw - spec.baseline) * scale;
      }
    }
    const checksumOk = spec.checksum === undefined || header.samplesPerSignal === undefined ? undefined : ((sum << 16) >> 16) === spec.checksum;
    if (checksumOk === false) warnings.push(`Checksum of signal ${name} does not match its header: the signal file may be damaged`);
    return { spec, name, samples: out, invalid, checksumOk };
  });
}
