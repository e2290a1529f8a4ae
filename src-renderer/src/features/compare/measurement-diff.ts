/**
 * The device measurements of two ECGs side by side, with the differences a reader would flag. The limits are
 * conventional serial-comparison changes (e.g. GE 12SL and Philips serial comparison flag rate changes of about
 * 10 bpm, PR/QRS of 20 ms, QT/QTc of 30 ms and axis shifts of 30 degrees); below them a change reads as noise.
 */
import type { OpenedEcg } from '../../../../src-main/contract/index';

type Measurements = OpenedEcg['record']['measurements'];

export interface MeasurementRow {
  key: keyof Measurements;
  label: string;
  unit: string;
  current: number | null;
  prior: number | null;
  /** current - prior, when both are known. */
  difference: number | null;
  /** The difference reaches the limit a reader would flag. */
  flagged: boolean;
}

const ROWS: { key: keyof Measurements; label: string; unit: string; limit: number }[] = [
  { key: 'heartRateBpm', label: 'Rate', unit: 'bpm', limit: 10 },
  { key: 'prMs', label: 'PR', unit: 'ms', limit: 20 },
  { key: 'qrsMs', label: 'QRS', unit: 'ms', limit: 20 },
  { key: 'qtMs', label: 'QT', unit: 'ms', limit: 30 },
  { key: 'qtcMs', label: 'QTc', unit: 'ms', limit: 30 },
  { key: 'pAxisDeg', label: 'P axis', unit: '°', limit: 30 },
  { key: 'qrsAxisDeg', label: 'QRS axis', unit: '°', limit: 30 },
  { key: 'tAxisDeg', label: 'T axis', unit: '°', limit: 30 },
];

const known = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Axis difference on the circle (-180..180], so 170 and -170 degrees are 20 apart, not 340. */
export function axisDifference(a: number, b: number): number {
  const d = (((a - b) % 360) + 540) % 360 - 180;
  return d === -180 ? 180 : d;
}

/** Rows for every measurement either ECG states (those neither states are left out). */
export function compareMeasurements(current: Measurements, prior: Measurements): MeasurementRow[] {
  return ROWS.flatMap((r) => {
    const c = known(current[r.key]);
    const p = known(prior[r.key]);
    if (c === null && p === null) return [];
    const difference = c !== null && p !== null ? (r.unit === '°' ? axisDifference(c, p) : c - p) : null;
    return [{ key: r.key, label: r.label, unit: r.unit, current: c, prior: p, difference, flagged: difference !== null && Math.abs(difference) >= r.limit }];
  });
}

/** "+12 ms", "-4 bpm", "0 ms". */
export function signed(d: number, unit: string): string {
  const v = Math.round(d);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}${unit === '°' ? '°' : ` ${unit}`}`;
}
