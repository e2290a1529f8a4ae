/**
 * One multiplex group of the Waveform Sequence -> one WaveformGroup (rhythm or median beat, never mixed).
 * Declared channel and sample counts are checked against the budget and the bytes before allocation.
 */
import type { DataSet } from 'dicom-parser';
import { CoreError } from '../../errors';
import { checkSampleBudget } from '../limits';
import type { FilterSettings, Lead, SampleRange, WaveformGroup, WaveformKind } from '../record';
import { rangesWhere } from '../sample-ranges';
import { readChannel, type ChannelInfo } from './channels';
import { decodeSamples, sampleLayoutKind } from './samples';
import { TAG } from './tags';

export interface GroupResult {
  group?: WaveformGroup;
  filters: FilterSettings;
  warnings: string[];
}

function groupKind(label: string | undefined, originality: string | undefined, durationS: number): WaveformKind {
  if (label !== undefined && /median|represent|average|template|beat/i.test(label)) return 'median';
  if (label === undefined && originality === 'DERIVED' && durationS < 2.5) return 'median';
  return 'rhythm';
}

/** The group's declared Waveform Padding Value (5400,100A) as a raw sample value, if it declares one. */
export function declaredPadding(item: DataSet, littleEndian: boolean): number | undefined {
  const bits = item.uint16(TAG.bitsAllocated);
  const interp = item.string(TAG.sampleInterpretation)?.trim().toUpperCase();
  if (bits === undefined || interp === 'MB' || interp === 'AB') return undefined;
  return padding(item, bits, littleEndian, interp === 'SS' || interp === 'SB');
}

function padding(item: DataSet, bits: number, littleEndian: boolean, signed: boolean): number | undefined {
  const el = item.elements[TAG.paddingValue];
  if (el === undefined || el.length < bits / 8 || bits > 16) return undefined;
  const b = item.byteArray;
  if (bits === 8) {
    const v = b[el.dataOffset] as number;
    return signed && v > 127 ? v - 256 : v;
  }
  const lo = b[el.dataOffset + (littleEndian ? 0 : 1)] as number;
  const hi = b[el.dataOffset + (littleEndian ? 1 : 0)] as number;
  const v = lo | (hi << 8);
  return signed && v > 32767 ? v - 65536 : v;
}

/** Most negative 16-bit value: what ECGToolkit-style writers fill a short median beat with (see padGaps). */
const INT16_MIN = -32768;

/**
 * Where a channel holds padding. A declared padding value (this group's, or failing that another group's of the
 * same file) marks every sample equal to it. Without one, 16-bit signed groups still get runs of -32768 at the
 * very start or end treated as padding: ECGToolkit declares the padding value on the rhythm group only and fills
 * the end of each shorter median beat with -32768 (drawn as signal that is a full-scale spike closing every beat).
 * An edge run of the most negative code is never a measured ECG sample (it is the converter's fill or a
 * saturated amplifier, neither of which is signal).
 */
function padGaps(column: Float64Array, pad: number | undefined, int16: boolean): SampleRange[] {
  if (pad !== undefined) return rangesWhere(column.length, (s) => column[s] === pad);
  if (!int16) return [];
  const n = column.length;
  let head = 0;
  while (head < n && column[head] === INT16_MIN) head += 1;
  let tail = n;
  while (tail > head && column[tail - 1] === INT16_MIN) tail -= 1;
  const out: SampleRange[] = [];
  if (head > 0) out.push([0, head]);
  if (tail < n && tail >= head) out.push([tail, n]);
  return out;
}

/**
 * Decodes multiplex group `index`; `allChannelsEcg` keeps channels that name no lead (ECG SOP classes);
 * `filePadding` is a padding value another group of the file declares (used when this group declares none).
 */
export function readGroup(item: DataSet, index: number, littleEndian: boolean, allChannelsEcg: boolean, filePadding?: number): GroupResult {
  const warnings: string[] = [];
  const channels = item.uint16(TAG.channelCount) ?? 0;
  const samples = item.uint32(TAG.sampleCount) ?? 0;
  const rate = item.floatString(TAG.samplingFrequency);
  const label = item.string(TAG.groupLabel)?.replace(/\0/g, '').trim() || undefined;
  const originality = item.string(TAG.waveformOriginality)?.trim();
  const bits = item.uint16(TAG.bitsAllocated);
  const interpretation = sampleLayoutKind(bits, item.string(TAG.sampleInterpretation));
  const what = `Multiplex group ${index + 1}`;
  checkSampleBudget(channels, samples, what);
  if (channels === 0 || samples === 0) return { filters: {}, warnings: [`${what} declares no samples and was skipped`] };
  if (rate === undefined || !Number.isFinite(rate) || rate <= 0) {
    throw new CoreError('CORRUPT', `${what} of the DICOM waveform has no valid sampling frequency.`);
  }
  const data = item.elements[TAG.waveformData];
  if (data === undefined) throw new CoreError('NO_WAVEFORM', `${what} of the DICOM file has no waveform data.`);
  const needed = channels * samples * ((bits as number) / 8);
  if (data.length < needed || data.dataOffset + needed > item.byteArray.length) {
    throw new CoreError('TRUNCATED', `The waveform data of ${what.toLowerCase()} is shorter than declared: the file is truncated or damaged.`);
  }
  const defs = (item.elements[TAG.channelDefinitions]?.items ?? []).map((it) => it.dataSet);
  const infos: ChannelInfo[] = [];
  for (let c = 0; c < channels; c += 1) {
    const def = defs[c];
    infos.push(def === undefined ? { name: `Channel ${c + 1}`, namesLead: false, uvPerUnit: 1, baselineUv: 0 } : readChannel(def, c));
  }
  if (defs.length < channels) warnings.push(`${what}: ${channels - defs.length} channel(s) have no definition; shown unscaled`);
  const bitsStored = infos.map((info) => info.bitsStored);
  const narrowed = bitsStored.find((b) => b !== undefined && b < (bits as number));
  const raw = decodeSamples(item.byteArray.subarray(data.dataOffset, data.dataOffset + needed), {
    interpretation,
    bitsAllocated: bits as 8 | 16 | 32,
    bitsStored,
    littleEndian,
    channels,
    samples,
  });
  const signed = interpretation === 'SS' || interpretation === 'SB';
  const companded = interpretation === 'MB' || interpretation === 'AB';
  const ownPad = companded ? undefined : padding(item, bits as number, littleEndian, signed);
  const pad = ownPad ?? (companded ? undefined : filePadding);
  const leads: Lead[] = [];
  let padded = 0;
  const skipped: string[] = [];
  infos.forEach((info, c) => {
    if (info.uvPerUnit === undefined || (!allChannelsEcg && !info.namesLead)) {
      skipped.push(info.unit ? `${info.name} (${info.unit})` : info.name);
      return;
    }
    const column = raw[c] as Float64Array;
    const gaps = padGaps(column, pad, interpretation === 'SS' && bits === 16);
    const out = new Float32Array(samples);
    for (let s = 0; s < samples; s += 1) out[s] = (column[s] as number) * (info.uvPerUnit as number) + info.baselineUv;
    // Padding holds no data: 0 uV in the samples (the model and statistics see a flat line, never a spike)
    // and a gap for the display, which never draws or filters across it.
    for (const [a, b] of gaps) {
      out.fill(0, a, b);
      padded += b - a;
    }
    leads.push({ name: info.name, samples: out, derived: false, ...(gaps.length > 0 ? { gaps } : {}) });
  });
  if (skipped.length > 0) warnings.push(`${what}: non-ECG channels left out: ${skipped.join(', ')}`);
  if (padded > 0) {
    const source = ownPad !== undefined ? '' : pad !== undefined ? ', padding value declared by another group' : ', -32768 fill at the ends';
    warnings.push(`${what}: ${padded} padding samples (no data${source}) left blank, never drawn as signal`);
  }
  if (narrowed !== undefined) warnings.push(`${what}: ${narrowed} bits stored in ${bits}-bit samples`);
  const first = infos.find((i) => i.uvPerUnit !== undefined);
  const filters: FilterSettings = { highPassHz: first?.highPassHz, lowPassHz: first?.lowPassHz, notchHz: first?.notchHz };
  if (leads.length === 0) return { filters, warnings };
  const kind = groupKind(label, originality, samples / rate);
  return { group: { kind, label, sampleRateHz: rate, leads }, filters, warnings };
}
