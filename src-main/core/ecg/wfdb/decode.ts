/**
 * Decoding one single-segment WFDB record (header already parsed) into its signals and rate groups;
 * shared by plain records and by each segment of a multi-segment record.
 */
import { CoreError } from '../../errors';
import type { WaveformGroup } from '../record';
import { SUPPORTED_FORMATS, type SignalSpec, type WfdbHeader } from './header';
import { readSignalFile, type DecodedSignal } from './signals';

/** Reads every signal file the header names; throws FILE_NOT_FOUND, UNSUPPORTED_ENCODING, TRUNCATED, ... */
export function decodeSignals(header: WfdbHeader, readSibling: ((name: string) => Uint8Array | undefined) | undefined, warnings: string[]): DecodedSignal[] {
  for (const s of header.signals) {
    if (!SUPPORTED_FORMATS.has(s.format)) {
      throw new CoreError('UNSUPPORTED_ENCODING', `WFDB signal format ${s.format} (signal "${s.description || s.fileName}") is not supported by this viewer.`);
    }
  }
  const byFile = new Map<string, SignalSpec[]>();
  for (const s of header.signals) {
    if (s.format === 0 || s.fileName === '~') continue;
    byFile.set(s.fileName, [...(byFile.get(s.fileName) ?? []), s]);
  }
  const decoded: DecodedSignal[] = [];
  for (const [fileName, specs] of byFile) {
    const bytes = readSibling?.(fileName);
    if (bytes === undefined) {
      throw new CoreError('FILE_NOT_FOUND', `The signal file ${fileName} named by the WFDB header is missing; keep it next to the .hea file.`);
    }
    decoded.push(...readSignalFile(header, fileName, specs, bytes, warnings));
  }
  return decoded.sort((a, b) => header.signals.indexOf(a.spec) - header.signals.indexOf(b.spec));
}

/** The warnings every record shares: left-out signals, assumed gains, skew, invalid samples. */
export function signalWarnings(decoded: DecodedSignal[], warnings: string[]): void {
  const skipped = decoded.filter((d) => d.samples === undefined).map((d) => `${d.name} (${d.spec.units})`);
  if (skipped.length > 0) warnings.push(`Non-ECG signals left out: ${[...new Set(skipped)].join(', ')}`);
  if (decoded.some((d) => !d.spec.gainStated)) warnings.push('Some signals have no ADC gain in the header; the WFDB default of 200 units/mV was assumed');
  if (decoded.some((d) => d.spec.skew !== 0)) warnings.push('Signal skew in the header is ignored');
  const invalid = decoded.reduce((n, d) => n + d.invalid, 0);
  if (invalid > 0) warnings.push(`${invalid} samples are marked invalid (no signal) in the file and shown as 0 uV`);
}

/** Voltage signals grouped by sample rate (multi-frequency records give several groups), largest first. */
export function groupByRate(frameRateHz: number, decoded: DecodedSignal[], warnings: string[]): WaveformGroup[] {
  const rates = new Map<number, WaveformGroup>();
  for (const d of decoded) {
    if (d.samples === undefined) continue;
    const rate = frameRateHz * d.spec.samplesPerFrame;
    const group = rates.get(rate) ?? { kind: 'rhythm', sampleRateHz: rate, leads: [] };
    group.leads.push({ name: d.name, samples: d.samples, derived: false });
    rates.set(rate, group);
  }
  const groups = [...rates.values()].sort((a, b) => b.leads.length - a.leads.length);
  if (groups.length > 1) {
    warnings.push(`Signals are sampled at different rates (${groups.map((g) => `${g.sampleRateHz} Hz`).join(', ')}) and are kept as separate groups`);
  }
  return groups;
}
