/**
 * The one ECG record model every reader produces and everything downstream consumes (display, model,
 * cohort store). Samples are always Float32Array in MICROVOLTS, whatever the file stored.
 */

export type EcgFormat =
  | 'dicom'
  | 'hl7-aecg'
  | 'ge-muse-xml'
  | 'philips-sierra-xml'
  | 'scp-ecg'
  | 'wfdb'
  | 'edf'
  | 'csv';

/** Canonical lead names; anything else keeps its normalised label (e.g. "V4R", "ECG1", "MLII"). */
export const STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type StandardLead = (typeof STANDARD_LEADS)[number];

export interface Lead {
  /** Normalised name: one of STANDARD_LEADS where it is one, else the cleaned label. */
  name: string;
  /** Samples in microvolts. */
  samples: Float32Array;
  /** True when computed from other leads (e.g. III = II - I) rather than stored in the file. */
  derived: boolean;
  /**
   * Set when the decoded samples are physically implausible (non-finite or beyond +-50 mV): why, in words. The
   * samples are then NaN; the display shows the lead as unusable and the model refuses to run on it.
   */
  unusable?: string;
  /**
   * Sample ranges [start, end) that hold no data (DICOM waveform padding): the samples there are 0 and are
   * never drawn or filtered as signal. Absent when every sample is data.
   */
  gaps?: SampleRange[];
}

/** Half-open range of sample indices [start, end). */
export type SampleRange = [number, number];

export type WaveformKind = 'rhythm' | 'median';

/** One multiplex group: leads sampled together at one rate (rhythm strip or representative beat). */
export interface WaveformGroup {
  kind: WaveformKind;
  /** Free text from the file when it names the group (e.g. DICOM multiplex group label). */
  label?: string;
  sampleRateHz: number;
  leads: Lead[];
}

/** A patient or study field, flagged when it identifies a person (never logged, hidden on request). */
export interface RecordField {
  key: string;
  label: string;
  value: string;
  identifying: boolean;
}

/** Measurements the acquiring device reported (not ours). Durations in ms, axes in degrees. */
export interface DeviceMeasurements {
  heartRateBpm?: number;
  prMs?: number;
  qrsMs?: number;
  qtMs?: number;
  qtcMs?: number;
  /** Name of the QTc formula when the file states it (e.g. "Bazett"). */
  qtcFormula?: string;
  pAxisDeg?: number;
  qrsAxisDeg?: number;
  tAxisDeg?: number;
}

export interface FilterSettings {
  highPassHz?: number;
  lowPassHz?: number;
  notchHz?: number;
}

export interface EcgRecord {
  format: EcgFormat;
  /** Format version or SOP class / variant, e.g. "1.04", "12-Lead ECG Waveform Storage". */
  formatVersion?: string;
  /** Acquisition time as ISO 8601 (local time without zone when the file has none). */
  acquisitionTime?: string;
  fields: RecordField[];
  measurements: DeviceMeasurements;
  /** Device interpretation statements, in file order. */
  statements: string[];
  filters: FilterSettings;
  /** At least one group; the first rhythm group is the default for display and the model. */
  groups: WaveformGroup[];
  /** Human-readable notes on what was inferred or is unusual (no PHI). */
  warnings: string[];
}

/** Duration of a group in seconds (longest lead). */
export function groupDurationS(group: WaveformGroup): number {
  const n = group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0);
  return n / group.sampleRateHz;
}

/** The group the model and the default display use: the first rhythm group, else the first group. */
export function rhythmGroup(record: EcgRecord): WaveformGroup | undefined {
  return record.groups.find((g) => g.kind === 'rhythm') ?? record.groups[0];
}
