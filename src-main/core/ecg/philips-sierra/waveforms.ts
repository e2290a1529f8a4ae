/** Philips Sierra parsedwaveforms (rhythm: XLI or plain base64) and repbeats (median beats). */
import { CoreError } from '../../errors';
import { normaliseLeadName } from '../lead-names';
import { checkSampleBudget, MAX_LEADS, MAX_TOTAL_SAMPLES } from '../limits';
import type { Lead, WaveformGroup } from '../record';
import { decodeBase64, int16LeScaled } from '../xml-common/base64';
import { attr, findAll, kid, kids, num, path, textOf, type XmlNode } from '../xml-common/xml-tree';
import { trimCalibration } from './calibration';
import { restoreLimbLeads, xliDecode } from './xli';

const STANDARD_12 = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

function signal(root: XmlNode): XmlNode | undefined {
  return path(root, 'dataacquisition', 'signalcharacteristics');
}

/** Lead labels: the leadlabels attribute (1.04+), else the standard order for 12-lead acquisitions. */
function leadLabels(root: XmlNode, pw: XmlNode, warn: Set<string>): string[] {
  const labels = (attr(pw, 'leadlabels') ?? '').trim();
  if (labels !== '') {
    const count = num(attr(pw, 'numberofleads'));
    const list = labels.split(/\s+/);
    return count !== undefined && count < list.length ? list.slice(0, count) : list;
  }
  const n = num(textOf(kid(signal(root), 'numberchannelsallocated'))) ?? 12;
  if (n > MAX_LEADS) throw new CoreError('CORRUPT', 'The Philips file declares an impossible number of leads.');
  const type = textOf(kid(signal(root), 'acquisitiontype'));
  if (n === 12 && (type === 'STD-12' || type === '10-WIRE' || type === '')) return [...STANDARD_12];
  warn.add(`Lead names not stated for acquisition type ${type.slice(0, 20) || 'unknown'}; channels numbered.`);
  return Array.from({ length: n }, (_, i) => (i < 12 && n === 12 ? STANDARD_12[i] ?? `Channel ${i + 1}` : `Channel ${i + 1}`));
}

/** The rhythm group from parsedwaveforms. */
export function rhythmGroup(root: XmlNode, warn: Set<string>): WaveformGroup | undefined {
  const pw = findAll(kid(root, 'waveforms'), 'parsedwaveforms', 2)[0];
  if (pw === undefined || textOf(pw) === '') return undefined;
  const rate = num(attr(pw, 'samplespersecond')) ?? num(textOf(kid(signal(root), 'samplingrate')));
  if (rate === undefined || !(rate > 0) || rate > 100_000) throw new CoreError('CORRUPT', 'The Philips file states no valid sample rate.');
  const encoding = attr(pw, 'dataencoding') ?? 'Base64';
  if (encoding.toLowerCase() !== 'base64') {
    throw new CoreError('UNSUPPORTED_ENCODING', `Philips waveform encoding "${encoding.slice(0, 20)}" is not supported (only Base64).`);
  }
  const compression = attr(pw, 'compression') ?? attr(pw, 'compressmethod') ?? 'Uncompressed';
  const resolution = num(attr(pw, 'resolution')) ?? num(textOf(kid(signal(root), 'signalresolution'))) ?? num(textOf(kid(signal(root), 'resolution')));
  if (resolution === undefined) warn.add('Signal resolution not stated; 5 uV per unit assumed (Philips default).');
  const scale = resolution ?? 5;
  const labels = leadLabels(root, pw, warn);
  const durationMs = num(attr(pw, 'durationperchannel'));
  const perLead = durationMs === undefined ? undefined : Math.round((durationMs * rate) / 1000);
  if (perLead !== undefined) checkSampleBudget(labels.length, perLead, 'The Philips waveform');
  const data = decodeBase64(textOf(pw), 'The Philips waveform');
  let raw: Int32Array[];
  if (compression.toUpperCase() === 'XLI') {
    // Devices write a chunk per allocated channel (often 16 for 12 leads); the extra ones are unused.
    raw = xliDecode(data, Math.max(16, labels.length * 2), perLead ?? Math.min(data.length * 8, MAX_TOTAL_SAMPLES));
    const idx = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'].map((n) => labels.indexOf(n));
    if (idx.every((k) => k >= 0)) restoreLimbLeads(raw, idx as [number, number, number, number, number, number]);
  } else if (/^(uncompressed|none|)$/i.test(compression)) {
    const n = perLead ?? Math.floor(data.length / 2 / Math.max(1, labels.length));
    if (data.length < n * labels.length * 2) throw new CoreError('TRUNCATED', 'The Philips waveform holds fewer samples than declared.');
    raw = labels.map((_, k) => Int32Array.from(int16LeScaled(data.subarray(k * n * 2, (k + 1) * n * 2), 1)));
  } else {
    throw new CoreError('UNSUPPORTED_ENCODING', `Philips waveform compression "${compression.slice(0, 20)}" is not supported.`);
  }
  if (raw.length < labels.length) throw new CoreError('TRUNCATED', `The Philips waveform holds ${raw.length} of ${labels.length} declared leads.`);
  const leads: Lead[] = labels.map((label, k) => {
    const src = raw[k] ?? new Int32Array(0);
    const n = perLead !== undefined ? Math.min(perLead, src.length) : src.length;
    const samples = new Float32Array(n);
    for (let s = 0; s < n; s += 1) samples[s] = (src[s] ?? 0) * scale;
    return { name: normaliseLeadName(label) || label, samples, derived: false };
  });
  if (perLead !== undefined && leads.some((l) => l.samples.length < perLead)) {
    warn.add('Some Philips leads decode to fewer samples than the stated duration.');
  }
  const cut = trimCalibration(leads, rate);
  if (leads.every((l) => l.samples.every((v) => v === 0 || v === 1000))) {
    warn.add('Every lead is flat apart from the calibration marker: the device recorded no ECG signal.');
  }
  if (cut > 0) warn.add(`The device's trailing 1 mV calibration marker (${cut.toFixed(2)} s) was cut from the rhythm strip.`);
  return { kind: 'rhythm', label: 'parsedwaveforms', sampleRateHz: rate, leads };
}

/**
 * 1.04 exports pad each representative beat to its stated duration with 0x7FFF ("no data"); the beat
 * itself ends where that trailing padding begins.
 */
function unpaddedCount(bytes: Uint8Array, declared: number | undefined): number {
  let n = Math.min(declared ?? Infinity, Math.floor(bytes.length / 2));
  while (n > 0 && bytes[n * 2 - 2] === 0xff && bytes[n * 2 - 1] === 0x7f) n -= 1;
  return n;
}

/** Representative beats (repbeats): plain base64 int16 per lead, own rate and resolution. */
export function medianGroup(root: XmlNode, warn: Set<string>): WaveformGroup | undefined {
  const rb = findAll(kid(root, 'waveforms'), 'repbeats', 2)[0];
  if (rb === undefined) return undefined;
  const rate = num(attr(rb, 'samplespersec'));
  if (rate === undefined || !(rate > 0) || rate > 100_000) {
    warn.add('Representative beats were skipped: their sample rate is not stated.');
    return undefined;
  }
  const scale = num(attr(rb, 'resolution')) ?? 5;
  const leads: Lead[] = [];
  for (const beat of kids(rb, 'repbeat')) {
    const wave = kid(beat, 'waveform');
    const text = wave !== undefined ? textOf(wave) : textOf(beat);
    if (text === '') continue;
    const durationMs = num(attr(wave, 'duration') ?? attr(beat, 'duration'));
    const bytes = decodeBase64(text, 'A Philips representative beat');
    const declared = durationMs === undefined ? undefined : Math.round((durationMs * rate) / 1000);
    if (declared !== undefined && declared * 2 > bytes.length) {
      throw new CoreError('TRUNCATED', 'A Philips representative beat holds fewer samples than declared.');
    }
    const name = normaliseLeadName(attr(beat, 'leadname') ?? '') || `Channel ${leads.length + 1}`;
    leads.push({ name, samples: int16LeScaled(bytes, scale, unpaddedCount(bytes, declared)), derived: false });
  }
  if (leads.length === 0) return undefined;
  return { kind: 'median', label: `repbeats (${attr(rb, 'repbeatmethod') ?? 'representative'})`, sampleRateHz: rate, leads };
}
