/**
 * One multiplex group of the Waveform Sequence -> one WaveformGroup (rhythm or median beat, never mixed).
 * Declared channel and sample counts are checked against the budget and the bytes before allocation.
 */
import type { DataSet } from 'dicom-parser';
import { CoreError } from '../../errors';
import { checkSampleBudget } from '../limits';
import type { FilterSettings, Lead, WaveformGroup, WaveformKind } from '../record';
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

/** Decodes multiplex group `index`; `allChannelsEcg` keeps channels that name no lead (ECG SOP classes). */
export function readGroup(item: DataSet, index: number, littleEndian: boolean, allChannelsEcg: boolean): GroupResult {
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
  const pad = interpretation === 'MB' || interpretation === 'AB' ? undefined : padding(item, bits as number, littleEndian, signed);
  const leads: Lead[] = [];
  let padded = 0;
  const skipped: string[] = [];
  infos.forEach((info, c) => {
    if (info.uvPerUnit === undefined || (!allChannelsEcg && !info.namesLead)) {
      skipped.push(info.unit ? `${info.name} (${info.unit})` : info.name);
      return;
    }
    const column = raw[c] as Float64Array;
    const out = new Float32Array(samples);
    for (let s = 0; s < samples; s += 1) {
      const v = column[s] as number;
      if (pad !== undefined && v === pad) {
        padded += 1;
        continue;
      }
      out[s] = v * info.uvPerUnit + info.baselineUv;
    }
    leads.push({ name: info.name, samples: out, derived: false });
  });
  if (skipped.length > 0) warnings.push(`${what}: non-ECG channels left out: ${skipped.join(', ')}`);
  if (padded > 0) warnings.push(`${what}: ${padded} padding samples (no data) shown as 0 uV`);
  if (narrowed !== undefined) warnings.push(`${what}: ${narrowed} bits stored in ${bits}-bit samples`);
  const first = infos.find((i) => i.uvPerUnit !== undefined);
  const filters: FilterSettings = { highPassHz: first?.highPassHz, lowPassHz: first?.lowPassHz, notchHz: first?.notchHz };
  if (leads.length === 0) return { filters, warnings };
  const kind = groupKind(label, originality, samples / rate);
  return { group: { kind, label, sampleRateHz: rate, leads }, filters, warnings };
}
