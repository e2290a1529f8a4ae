/** Per-lead summary statistics of the rhythm group (CLI inspect, sanity checks, cross-format tests). */
import { rhythmGroup, type EcgRecord } from './record';

export interface LeadStats {
  name: string;
  samples: number;
  derived: boolean;
  meanUv: number;
  rmsUv: number;
  minUv: number;
  maxUv: number;
  /** Why the lead is unusable (its samples are implausible and not summarised); absent for a usable lead. */
  unusable?: string;
}

/** Mean, RMS, min and max in microvolts per lead of the rhythm group; non-finite samples are skipped. */
export function rhythmStats(record: EcgRecord): LeadStats[] {
  const group = rhythmGroup(record);
  if (group === undefined) return [];
  return group.leads.map((lead) => {
    let sum = 0;
    let sumSq = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let n = 0;
    for (const v of lead.samples) {
      if (!Number.isFinite(v)) continue;
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      n += 1;
    }
    return {
      name: lead.name,
      samples: lead.samples.length,
      derived: lead.derived,
      meanUv: n > 0 ? sum / n : 0,
      rmsUv: n > 0 ? Math.sqrt(sumSq / n) : 0,
      minUv: n > 0 ? min : 0,
      maxUv: n > 0 ? max : 0,
      ...(lead.unusable !== undefined ? { unusable: lead.unusable } : {}),
    };
  });
}
