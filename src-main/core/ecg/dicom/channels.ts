/**
 * Channel definitions (003A,0200): lead name from the channel source code (SCP-ECG "5.6.3-9-x" or MDC
 * "2:x") or its meaning or the channel label; scaling to microvolts from sensitivity, correction factor,
 * baseline and the sensitivity unit.
 */
import type { DataSet } from 'dicom-parser';
import { leadNameFromCode, normaliseLeadName } from '../lead-names';
import { TAG } from './tags';

export interface ChannelInfo {
  name: string;
  /** True when the source code or label names an ECG lead. */
  namesLead: boolean;
  /** Microvolts per raw unit: sensitivity x correction factor x unit factor (undefined for non-voltage units). */
  uvPerUnit?: number;
  /** Baseline in microvolts (added after scaling). */
  baselineUv: number;
  /** The unit as written (for warnings). */
  unit?: string;
  /** WaveformBitsStored (003A,021A) of the channel, when below the allocated bits. */
  bitsStored?: number;
  highPassHz?: number;
  lowPassHz?: number;
  notchHz?: number;
}

const UNIT_TO_UV: Readonly<Record<string, number>> = { NV: 1e-3, UV: 1, 'µV': 1, 'μV': 1, MV: 1e3, V: 1e6 };
const MEANING_TO_UV: Readonly<Record<string, number>> = { nanovolt: 1e-3, microvolt: 1, millivolt: 1e3, volt: 1e6 };

function unitFactor(ds: DataSet | undefined): { factor?: number; unit?: string } {
  if (ds === undefined) return {};
  const code = ds.string(TAG.codeValue)?.trim();
  const meaning = ds.string(TAG.codeMeaning)?.trim();
  if (code !== undefined) {
    const byCode = UNIT_TO_UV[code] ?? UNIT_TO_UV[code.toUpperCase()];
    if (byCode !== undefined) return { factor: byCode, unit: code };
  }
  if (meaning !== undefined) {
    const byMeaning = MEANING_TO_UV[meaning.toLowerCase()];
    if (byMeaning !== undefined) return { factor: byMeaning, unit: meaning };
  }
  return { unit: code ?? meaning };
}

function firstItem(ds: DataSet, tag: string): DataSet | undefined {
  return ds.elements[tag]?.items?.[0]?.dataSet;
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function leadFromSource(source: DataSet | undefined): string | undefined {
  if (source === undefined) return undefined;
  const code = source.string(TAG.codeValue)?.trim() ?? '';
  const scheme = source.string(TAG.codingScheme)?.trim().toUpperCase() ?? '';
  const scp = /^5\.6\.3-9-(\d+)$/.exec(code);
  if (scp?.[1] !== undefined) return leadNameFromCode(Number(scp[1]));
  const mdc = /^2:(\d+)$/.exec(code);
  if (mdc?.[1] !== undefined) return leadNameFromCode(Number(mdc[1]));
  if (scheme === 'MDC' && /^\d+$/.test(code)) return leadNameFromCode(Number(code));
  return undefined;
}

/** Reads one channel definition item; `assumeUv` decides the unit when the sequence is absent. */
export function readChannel(ch: DataSet, index: number): ChannelInfo {
  const source = firstItem(ch, TAG.channelSource);
  const fromCode = leadFromSource(source);
  const meaning = source?.string(TAG.codeMeaning);
  const label = ch.string(TAG.channelLabel);
  let name = fromCode;
  for (const text of [meaning, label]) {
    if (name !== undefined || text === undefined) continue;
    const n = normaliseLeadName(text);
    if (n !== '') name = n;
  }
  const { factor, unit } = unitFactor(firstItem(ch, TAG.sensitivityUnits));
  const sensitivity = finite(ch.floatString(TAG.sensitivity)) ?? 1;
  const correction = finite(ch.floatString(TAG.correctionFactor)) ?? 1;
  const baseline = finite(ch.floatString(TAG.baseline)) ?? 0;
  const noUnit = ch.elements[TAG.sensitivityUnits] === undefined;
  // A missing unit sequence is a writer error; microvolts is what every ECG writer seen here uses.
  const perUnit = factor ?? (noUnit ? 1 : undefined);
  const notch = finite(ch.floatString(TAG.notch));
  return {
    name: name ?? `Channel ${index + 1}`,
    namesLead: fromCode !== undefined || (name !== undefined && /^(?:I{1,3}|aV[RLF]|-aVR|V\d+R?|[XYZ]|MLII|MLI|MLIII)$/.test(name)),
    uvPerUnit: perUnit === undefined ? undefined : sensitivity * correction * perUnit,
    baselineUv: baseline * (perUnit ?? 1),
    unit: noUnit ? undefined : unit,
    bitsStored: ch.uint16(TAG.bitsStored),
    highPassHz: finite(ch.floatString(TAG.filterLow)),
    lowPassHz: finite(ch.floatString(TAG.filterHigh)),
    notchHz: notch !== undefined && notch > 0 ? notch : undefined,
  };
}
