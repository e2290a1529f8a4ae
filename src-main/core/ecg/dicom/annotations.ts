/**
 * Device measurements and interpretation statements from the Waveform Annotation Sequence (0040,B020):
 * free-text items are statements, coded items with a numeric value are measurements (matched by code
 * meaning or LOINC code, since vendors use SCP-ECG, MDC or LOINC codes for the same quantity).
 */
import type { DataSet } from 'dicom-parser';
import type { DeviceMeasurements } from '../record';
import { TAG } from './tags';

type Key = Exclude<keyof DeviceMeasurements, 'qtcFormula'>;

const BY_MEANING: ReadonlyArray<[RegExp, Key]> = [
  [/^(?:heart|ventricular)\s*rate$/i, 'heartRateBpm'],
  [/^pr\s*interval$/i, 'prMs'],
  [/^qrs\s*(?:duration|interval)$/i, 'qrsMs'],
  [/^qt\s*interval$/i, 'qtMs'],
  [/^qtc\s*interval$/i, 'qtcMs'],
  [/^p\s*axis$/i, 'pAxisDeg'],
  [/^qrs\s*axis$/i, 'qrsAxisDeg'],
  [/^t\s*axis$/i, 'tAxisDeg'],
];

const BY_LOINC: Readonly<Record<string, Key>> = {
  '8867-4': 'heartRateBpm',
  '8625-6': 'prMs',
  '8633-0': 'qrsMs',
  '8634-8': 'qtMs',
  '8636-3': 'qtcMs',
  '8626-4': 'pAxisDeg',
  '8632-2': 'qrsAxisDeg',
  '8638-1': 'tAxisDeg',
};

function toMs(value: number, unit: string | undefined): number {
  if (unit === 's') return value * 1000;
  return value;
}

export interface Annotations {
  measurements: DeviceMeasurements;
  statements: string[];
}

export function readAnnotations(ds: DataSet): Annotations {
  const measurements: DeviceMeasurements = {};
  const statements: string[] = [];
  let rrMs: number | undefined;
  for (const item of ds.elements[TAG.annotations]?.items ?? []) {
    const a = item.dataSet;
    if (a === undefined) continue;
    const text = a.text(TAG.unformattedText)?.trim();
    const concept = a.elements[TAG.conceptName]?.items?.[0]?.dataSet;
    if (text !== undefined && text !== '' && concept === undefined) {
      statements.push(text);
      continue;
    }
    const value = a.floatString(TAG.numericValue);
    if (concept === undefined || value === undefined || !Number.isFinite(value)) continue;
    const meaning = concept.string(TAG.codeMeaning)?.trim() ?? '';
    const code = concept.string(TAG.codeValue)?.trim() ?? '';
    const unit = a.elements[TAG.measurementUnits]?.items?.[0]?.dataSet?.string(TAG.codeValue)?.trim();
    if (/^rr\s*interval$/i.test(meaning)) rrMs = toMs(value, unit);
    const key = BY_LOINC[code] ?? BY_MEANING.find(([re]) => re.test(meaning))?.[1];
    if (key === undefined || measurements[key] !== undefined) continue;
    measurements[key] = key.endsWith('Ms') ? toMs(value, unit) : value;
  }
  if (measurements.heartRateBpm === undefined && rrMs !== undefined && rrMs > 0) {
    measurements.heartRateBpm = Math.round(60000 / rrMs);
  }
  return { measurements, statements };
}
