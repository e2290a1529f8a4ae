/**
 * Decoding of DICOM WaveformData (5400,1010) into raw integer samples per channel. Samples are multiplexed
 * C1S1, C2S1, ..., CnS1, C1S2, ... The bytes are copied before any typed-array view is made because the
 * element may start at an odd offset inside the file buffer.
 */
import { CoreError } from '../../errors';
import { A_LAW_TABLE, MU_LAW_TABLE } from './companding';

export type SampleInterpretation = 'SS' | 'US' | 'SB' | 'UB' | 'MB' | 'AB';

export interface SampleLayout {
  interpretation: SampleInterpretation;
  bitsAllocated: 8 | 16;
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
  if (!ok16 && !ok8) {
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

/**
 * Decodes interleaved samples into one Float64-free Int32 column per channel (raw stored values, before
 * sensitivity). `data` must hold at least channels x samples x bytes-per-sample bytes (checked by caller).
 */
export function decodeSamples(data: Uint8Array, layout: SampleLayout): Int32Array[] {
  const { channels, samples, bitsAllocated, interpretation } = layout;
  const bytesPer = bitsAllocated / 8;
  const total = channels * samples;
  const copy = data.slice(0, total * bytesPer);
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const out = Array.from({ length: channels }, () => new Int32Array(samples));
  const signed = interpretation === 'SS' || interpretation === 'SB';
  const companded = interpretation === 'MB' || interpretation === 'AB';
  const stored = Array.from({ length: channels }, (_, c) => {
    const b = layout.bitsStored?.[c];
    return !companded && b !== undefined && b > 0 && b < bitsAllocated ? b : 0;
  });
  for (let s = 0; s < samples; s += 1) {
    for (let c = 0; c < channels; c += 1) {
      const k = s * channels + c;
      let v: number;
      switch (interpretation) {
        case 'SS':
          v = view.getInt16(k * 2, layout.littleEndian);
          break;
        case 'US':
          v = view.getUint16(k * 2, layout.littleEndian);
          break;
        case 'SB':
          v = view.getInt8(k);
          break;
        case 'UB':
          v = view.getUint8(k);
          break;
        case 'MB':
          v = MU_LAW_TABLE[view.getUint8(k)] as number;
          break;
        case 'AB':
          v = A_LAW_TABLE[view.getUint8(k)] as number;
          break;
      }
      const bits = stored[c] as number;
      if (bits > 0) v = narrow(v, bits, signed);
      (out[c] as Int32Array)[s] = v;
    }
  }
  return out;
}
