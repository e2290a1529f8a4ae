import { CoreError } from '../../errors';
import { implausibleReason } from '../../ecg/plausibility';
import { type EcgRecord, rhythmGroup } from '../../ecg/record';
import { checkModelInput } from '../boundary-checks';
import { butterBandpassSos } from './butter';
import { planResample, resampleFactors, resamplePolyMedian } from './resample';
import { sosfiltfilt, sosfiltfiltPadlen, sosfiltZi } from './sosfilt';

/** The manifest's input contract (PACK-FORMAT.md `input`), what preprocessing needs of a pack. */
export interface InputContract {
  sampleRateHz: number;
  samples: number;
  leads: string[];
  units: 'mV' | 'uV';
  bandpass: { lowHz: number; highHz: number; order: number };
  resample: { window: 'kaiser'; beta: number; padtype: 'median' };
  window: { rule: 'start'; maxPadS: number };
  scaler: { mean: number[]; scale: number[] };
}

/** One record ready for the network, plus where its window sits on the source time axis. */
export interface PreparedInput {
  /** [leads x samples] float32, lead-major. */
  data: Float32Array;
  window: { startS: number; durationS: number; paddedS: number };
}

/** Source signals in the pack's lead order and units, before filtering. */
export interface SourceSignals {
  sampleRateHz: number;
  /** One float64 signal per pack lead, all the same length. */
  leads: Float64Array[];
  /** Source time (s) of leads[..][0] from the rhythm's start (non-zero when a long record was cut). */
  offsetS: number;
}

const MAX_RATE_HZ = 16_000;
/** Records longer than this are cut to the chosen window plus margins before filtering (bounded work). */
const LONG_RECORD_S = 60;
const MARGIN_S = 20;
const SCALE_FLOOR = 1e-8;

/** out[i] = src[from + i] * unit (a tight loop kept apart so it stays monomorphic and fast). */
function toUnits(src: Float32Array, from: number, out: Float64Array, unit: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = (src[from + i] as number) * unit;
}

/** Picks the pack's leads by name from the record's rhythm group, converts units; coded errors otherwise. */
export function extractSignals(record: EcgRecord, contract: InputContract, windowStartS = 0): SourceSignals {
  const group = rhythmGroup(record);
  if (!group || group.leads.length === 0) throw new CoreError('NO_WAVEFORM', 'This ECG holds no waveform the model can read.');
  const missing = contract.leads.filter((name) => !group.leads.some((l) => l.name === name));
  if (missing.length > 0) {
    throw new CoreError(
      'MISSING_LEADS',
      `The model needs the ${contract.leads.length} standard leads; this ECG lacks ${missing.join(', ')}.`,
    );
  }
  const unusable = contract.leads.filter((name) => group.leads.some((l) => l.name === name && l.unusable !== undefined));
  if (unusable.length > 0) {
    const which = unusable.length > 1 ? `leads ${unusable.join(', ')} of this ECG hold` : `lead ${unusable[0]} of this ECG holds`;
    throw new CoreError('IMPLAUSIBLE_SIGNAL', `The model does not run on unusable leads: ${which} implausible samples.`);
  }
  const fs = group.sampleRateHz;
  const rounded = Math.round(fs);
  if (!(Math.abs(fs - rounded) < 1e-6) || rounded <= 2 * contract.bandpass.highHz || rounded > MAX_RATE_HZ) {
    throw new CoreError(
      'UNSUPPORTED_SAMPLE_RATE',
      `The ECG's sample rate (${fs} Hz) is not one the model's preprocessing supports (whole Hz, above ${2 * contract.bandpass.highHz} Hz).`,
    );
  }
  const sel = contract.leads.map((name) => group.leads.find((l) => l.name === name)?.samples ?? new Float32Array(0));
  const n = Math.min(...sel.map((s) => s.length));
  let from = 0;
  let to = n;
  if (n / rounded > LONG_RECORD_S) {
    // Cut on a multiple of the resampling `down` so 100 Hz sample indices stay integers.
    const { down } = resampleFactors(rounded, contract.sampleRateHz);
    const want = Math.max(0, Math.floor(((windowStartS - MARGIN_S) * rounded) / down) * down);
    from = Math.min(want, n);
    to = Math.min(n, Math.ceil((windowStartS + contract.samples / contract.sampleRateHz + MARGIN_S) * rounded));
  }
  const unit = contract.units === 'mV' ? 1e-3 : 1;
  const leads: Float64Array[] = [];
  for (const [l, s] of sel.entries()) {
    // Records built elsewhere than the readers (or edited since) get the readers' check here again.
    const reason = implausibleReason(s.subarray(from, to));
    if (reason !== undefined) throw new CoreError('IMPLAUSIBLE_SIGNAL', `Lead ${contract.leads[l]} cannot be scored: ${reason}.`);
    const out = new Float64Array(to - from);
    toUnits(s, from, out, unit);
    leads.push(out);
  }
  return { sampleRateHz: rounded, leads, offsetS: from / rounded };
}

/** Band-pass at the source rate and resample to the model rate (scipy-exact), one signal per lead. */
export function filterAndResample(src: SourceSignals, contract: InputContract): Float64Array[] {
  const fs = src.sampleRateHz;
  const { lowHz, highHz, order } = contract.bandpass;
  const sos = butterBandpassSos(order, lowHz, highHz, fs);
  const n = src.leads[0]?.length ?? 0;
  if (n <= sosfiltfiltPadlen(sos)) {
    throw new CoreError('RECORD_TOO_SHORT', 'The ECG is too short for the model (it needs 10 s of signal).');
  }
  const zi = sosfiltZi(sos);
  const { up, down } = resampleFactors(fs, contract.sampleRateHz);
  const plan = planResample(up, down, n, contract.resample.beta);
  return src.leads.map((x) => resamplePolyMedian(sosfiltfilt(sos, x, zi), plan));
}

/** Crops the model window at `windowStartS`, zero-pads (in source units) up to maxPadS, standardises per lead. */
export function cropAndScale(resampled: Float64Array[], offsetS: number, contract: InputContract, windowStartS: number): PreparedInput {
  const rate = contract.sampleRateHz;
  const len = contract.samples;
  const total = (resampled[0]?.length ?? 0) + Math.round(offsetS * rate);
  const start = Math.round(windowStartS * rate);
  if (!Number.isFinite(windowStartS) || start < 0 || start >= total) {
    throw new CoreError('WINDOW_OUT_OF_RANGE', `The chosen window start (${windowStartS} s) lies outside the recording.`);
  }
  const available = Math.min(len, total - start);
  const padded = len - available;
  if (padded / rate > contract.window.maxPadS + 1e-9) {
    throw new CoreError(
      'RECORD_TOO_SHORT',
      `From ${(start / rate).toFixed(2)} s the ECG holds ${(available / rate).toFixed(2)} s of signal; the model needs ${(len / rate).toFixed(0)} s.`,
    );
  }
  const local = start - Math.round(offsetS * rate);
  const data = new Float32Array(resampled.length * len);
  resampled.forEach((x, l) => {
    const mean = contract.scaler.mean[l] ?? 0;
    const scale = Math.max(contract.scaler.scale[l] ?? 1, SCALE_FLOOR);
    for (let i = 0; i < len; i++) {
      const v = i < available ? (x[local + i] as number) : 0;
      data[l * len + i] = (v - mean) / scale;
    }
  });
  checkModelInput(data);
  return { data, window: { startS: start / rate, durationS: len / rate, paddedS: padded / rate } };
}

/** The whole chain: record (microvolts) -> float32 [leads x samples] model input. */
export function preprocessRecord(record: EcgRecord, contract: InputContract, windowStartS = 0): PreparedInput {
  const src = extractSignals(record, contract, windowStartS);
  return cropAndScale(filterAndResample(src, contract), src.offsetS, contract, windowStartS);
}
