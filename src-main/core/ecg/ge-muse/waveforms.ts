/** GE MUSE Waveform elements: one base64 int16 stream per lead, scaled by LeadAmplitudeUnitsPerBit. */
import { CoreError } from '../../errors';
import { normaliseLeadName } from '../lead-names';
import { checkSampleBudget } from '../limits';
import type { FilterSettings, Lead, WaveformGroup } from '../record';
import { crc32, decodeBase64, int16LeScaled } from '../xml-common/base64';
import { kid, kids, num, textOf, type XmlNode } from '../xml-common/xml-tree';

/** Microvolts per unit of LeadAmplitudeUnits. */
function unitFactor(units: string, warnings: Set<string>): number {
  const u = units.toUpperCase();
  if (u === 'MICROVOLTS' || u === 'UV') return 1;
  if (u === 'MILLIVOLTS' || u === 'MV') return 1000;
  if (u === 'NANOVOLTS' || u === 'NV') return 0.001;
  warnings.add(`Lead amplitude units "${units.slice(0, 20) || 'missing'}" not recognised; microvolts assumed.`);
  return 1;
}

function decodeLead(lead: XmlNode, groupName: string, warnings: Set<string>): Lead {
  const rawName = textOf(kid(lead, 'LeadID'));
  const name = normaliseLeadName(rawName) || 'unnamed';
  const sampleSize = num(textOf(kid(lead, 'LeadSampleSize'))) ?? 2;
  if (sampleSize !== 2) {
    throw new CoreError('UNSUPPORTED_ENCODING', `The ${groupName} waveform uses ${sampleSize}-byte samples; only 16-bit MUSE samples are supported.`);
  }
  const bytes = decodeBase64(textOf(kid(lead, 'WaveFormData')), `The ${groupName} waveform of lead ${name}`);
  const declaredCount = num(textOf(kid(lead, 'LeadSampleCountTotal')));
  if (declaredCount !== undefined) checkSampleBudget(1, declaredCount, `The ${groupName} waveform`);
  const available = Math.floor(bytes.length / 2);
  if (declaredCount !== undefined && declaredCount > available) {
    throw new CoreError('TRUNCATED', `The ${groupName} waveform of lead ${name} holds fewer samples than declared: the file is truncated or damaged.`);
  }
  const storedCrc = num(textOf(kid(lead, 'LeadDataCRC32')));
  if (storedCrc !== undefined && crc32(bytes) !== storedCrc) {
    throw new CoreError('CORRUPT', `The ${groupName} waveform of lead ${name} fails its checksum: the file is damaged.`);
  }
  const perBit = num(textOf(kid(lead, 'LeadAmplitudeUnitsPerBit')));
  if (perBit === undefined) warnings.add('Amplitude per bit not stated; 4.88 uV per bit assumed (MUSE default).');
  const scale = (perBit ?? 4.88) * unitFactor(textOf(kid(lead, 'LeadAmplitudeUnits')) || 'MICROVOLTS', warnings);
  return { name, samples: int16LeScaled(bytes, scale, declaredCount ?? available), derived: false };
}

/** Sample rate from SampleBase x 10^SampleExponent (the measurements' ECGSampleBase when absent). */
function sampleRate(wave: XmlNode, root: XmlNode, groupName: string): number {
  const m = kid(root, 'RestingECGMeasurements');
  const base = num(textOf(kid(wave, 'SampleBase'))) ?? num(textOf(kid(m, 'ECGSampleBase')));
  const exp = num(textOf(kid(wave, 'SampleExponent'))) ?? num(textOf(kid(m, 'ECGSampleExponent'))) ?? 0;
  const rate = base === undefined ? undefined : base * 10 ** exp;
  if (rate === undefined || !(rate > 0) || rate > 100_000) {
    throw new CoreError('CORRUPT', `The ${groupName} waveform has no valid sample rate: the file is damaged.`);
  }
  return rate;
}

/** Decodes every Waveform element: Rhythm -> rhythm group, Median -> median group. */
export function museGroups(root: XmlNode, warnings: Set<string>): WaveformGroup[] {
  const groups: WaveformGroup[] = [];
  for (const wave of kids(root, 'Waveform')) {
    const type = textOf(kid(wave, 'WaveformType'));
    const kind = /median/i.test(type) ? 'median' : 'rhythm';
    const groupName = kind === 'median' ? 'median beat' : 'rhythm';
    const leads = kids(wave, 'LeadData').map((l) => decodeLead(l, groupName, warnings));
    if (leads.length === 0) continue;
    groups.push({ kind, label: type || groupName, sampleRateHz: sampleRate(wave, root, groupName), leads });
  }
  // The rhythm strip first: it is the default for display and the model.
  groups.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'rhythm' ? -1 : 1));
  return groups;
}

/**
 * Filters of the rhythm waveform. MUSE stores HighPassFilter in hundredths of a hertz (16 = 0.16 Hz),
 * LowPassFilter and ACFilter (notch) in hertz.
 */
export function museFilters(root: XmlNode): FilterSettings {
  const waves = kids(root, 'Waveform');
  const wave = waves.find((w) => /rhythm/i.test(textOf(kid(w, 'WaveformType')))) ?? waves[0];
  const out: FilterSettings = {};
  const hp = num(textOf(kid(wave, 'HighPassFilter')));
  const lp = num(textOf(kid(wave, 'LowPassFilter')));
  const ac = num(textOf(kid(wave, 'ACFilter')));
  if (hp !== undefined && hp > 0) out.highPassHz = hp / 100;
  if (lp !== undefined && lp > 0) out.lowPassHz = lp;
  if (ac !== undefined && ac > 0) out.notchHz = ac;
  return out;
}
