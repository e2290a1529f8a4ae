/**
 * Decoding of DICOM WaveformData (5400,1010) into raw integer samples per channel. Samples are multiplexed
 * C1S1, C2S1, ..., CnS1, C1S2, ... The bytes are copied before any typed-array view is made because the
 * element may start at an odd offset inside the file buffer.
 */
import { CoreError } from '../../errors';
import { A_LAW_TABLE, MU_LAW_TABLE } from './companding';

export type SampleInterpretation = 'SS' | 'US' | 'SB' | 'UB' | 'MB' | 'AB' | 'SL' | 'UL';

export interface SampleLayout {
  interpretation: SampleInterpretation;
  bitsAllocated: 8 | 16 | 32;
  /** Bits actually used per sample of each channel (e.g. 12 in 16); undefined = all allocated bits. */
  bitsStored?: (number | undefined)[];
  littleEndian: boolean;
  channels: number;
  samples: number;
}

/** Validates the (bits allocated, interpretation) pair; throws UNSUPPORTED_ENCODING otherwise. */
export function sampleLayoutKind(bitsAllocated: number | undefined, interpretation: string | undefined): SampleLayout['interpretation'] {
  const interp = (interpretation ?? '').trim().toUpperCase();
  const ok16 = bitsAllocated === 16 && (interp === 'SS' || interp === 'US');
  const ok8 = bitsAllocated === 8 && ['SB', 'UB', 'MB', 'AB'].includes(interp);
  // General 32-bit ECG Waveform Storage (PS3.3 A.34.8) uses SL/UL samples.
  const ok32 = bitsAllocated === 32 && (interp === 'SL' || interp === 'UL');
  if (!ok16 && !ok8 && !ok32) {
    throw new CoreError(
      'UNSUPPORTED_ENCODING',
      `The DICOM waveform uses ${bitsAllocated ?? '?'}-bit "${interp || '?'}" samples, an encoding this viewer does not read.`,
    );
  }
  return interp as SampleInterpretation;
}

/** Reduces a sample to its stored bits and sign-extends it (12 bits stored in 16 allocated). */
function narrow(value: number, bitsStored: number, signed: boolean): number {
  const mask = 2 ** bitsStored - 1;
  const v = value & mask;
  if (signed && v >= 2 ** (bitsStored - 1)) return v - 2 ** bitsStored;
  return v;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A typed view of the interleaved stream in host order (the copy is aligned; bytes swapped when needed). */
function streamView(data: Uint8Array, layout: SampleLayout, total: number): ArrayLike<number> {
  const { bitsAllocated, interpretation } = layout;
  const copy = data.slice(0, total * (bitsAllocated / 8));
  if (bitsAllocated === 16 || bitsAllocated === 32) {
    const width = bitsAllocated / 8;
    if (layout.littleEndian !== HOST_LITTLE_ENDIAN) for (let i = 0; i + width <= copy.length; i += width) copy.subarray(i, i + width).reverse();
    if (bitsAllocated === 32) return interpretation === 'SL' ? new Int32Array(copy.buffer, 0, total) : new Uint32Array(copy.buffer, 0, total);
    return interpretation === 'SS' ? new Int16Array(copy.buffer, 0, total) : new Uint16Array(copy.buffer, 0, total);
  }
  if (interpretation === 'SB') return new Int8Array(copy.buffer, 0, total);
  if (interpretation === 'MB' || interpretation === 'AB') {
    const table = interpretation === 'MB' ? MU_LAW_TABLE : A_LAW_TABLE;
    const out = new Int16Array(total);
    for (let i = 0; i < total; i += 1) out[i] = table[copy[i] as number] as number;
    return out;
  }
  return copy;
}

/**
 * Decodes interleaved samples into one column per channel (raw stored values, before sensitivity).
 * `data` must hold at least channels x samples x bytes-per-sample bytes (checked by the caller).
 */
export function decodeSamples(data: Uint8Array, layout: SampleLayout): Float64Array[] {
  const { channels, samples, bitsAllocated, interpretation } = layout;
  const stream = streamView(data, layout, channels * samples);
  const signed = interpretation === 'SS' || interpretation === 'SB' || interpretation === 'SL';
  const companded = interpretation === 'MB' || interpretation === 'AB';
  return Array.from({ length: channels }, (_, c) => {
    // Float64 holds every raw value exactly, UL 32-bit included.
    const column = new Float64Array(samples);
    for (let s = 0, k = c; s < samples; s += 1, k += channels) column[s] = stream[k] as number;
    const bits = layout.bitsStored?.[c];
    if (!companded && bits !== undefined && bits > 0 && bits < bitsAllocated) {
      for (let s = 0; s < samples; s += 1) column[s] = narrow(column[s] as number, bits, signed);
    }
    return column;
  });
}
