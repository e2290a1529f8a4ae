/**
 * Completion of the standard 12 leads. Many devices store only I, II and V1-V6 because the other four limb
 * leads are linear combinations of I and II (Einthoven/Goldberger); the display and the model want all 12.
 * Every reader's groups pass through here (read-bytes.ts finishRecord), so this holds for every format.
 */
import { standardLeadIndex } from './lead-names';
import type { Lead, WaveformGroup } from './record';
import { unionRanges } from './sample-ranges';

const DERIVABLE = ['III', 'aVR', 'aVL', 'aVF'] as const;

export interface CompletionResult {
  group: WaveformGroup;
  /** Names of the leads that were computed, in standard order (empty when nothing was derived). */
  derivedNames: string[];
  /** Text for the record's warnings, e.g. "8 leads stored, 4 derived"; undefined when nothing was derived. */
  warning?: string;
}

/** Standard leads first in I, II, III, aVR, aVL, aVF, V1-V6 order, then the others in file order. */
export function orderLeads(leads: readonly Lead[]): Lead[] {
  const indexed = leads.map((lead, position) => ({ lead, position, rank: standardLeadIndex(lead.name) }));
  indexed.sort((a, b) => {
    const ra = a.rank < 0 ? Number.MAX_SAFE_INTEGER : a.rank;
    const rb = b.rank < 0 ? Number.MAX_SAFE_INTEGER : b.rank;
    return ra !== rb ? ra - rb : a.position - b.position;
  });
  return indexed.map((entry) => entry.lead);
}

function combine(i: Float32Array, ii: Float32Array, fn: (a: number, b: number) => number): Float32Array {
  const n = Math.min(i.length, ii.length);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k += 1) out[k] = fn(i[k] as number, ii[k] as number);
  return out;
}

const FORMULAS: Record<(typeof DERIVABLE)[number], (a: number, b: number) => number> = {
  III: (i, ii) => ii - i,
  aVR: (i, ii) => -(i + ii) / 2,
  aVL: (i, ii) => i - ii / 2,
  aVF: (i, ii) => ii - i / 2,
};

/** Gaps of a lead computed from I and II: wherever either has no data (clipped to the shorter length). */
function derivedGaps(i: Lead, ii: Lead, length: number): Pick<Lead, 'gaps'> {
  if (i.gaps === undefined && ii.gaps === undefined) return {};
  const gaps = unionRanges(i.gaps ?? [], ii.gaps ?? [], length);
  return gaps.length > 0 ? { gaps } : {};
}

/**
 * When a group holds recorded leads I and II (whatever else it holds: 8-lead I, II, V1-V6 acquisitions, 15-lead
 * sets, limb-only recordings) and lacks any of III, aVR, aVL, aVF, derives them from I and II
 * (III = II - I, aVR = -(I + II)/2, aVL = I - II/2, aVF = II - I/2), marks them derived and returns the group
 * with standard leads first in standard order. Groups without both I and II get no invented lead; they are
 * reordered only when every lead is a standard one (a mixed group such as MLII, V1 keeps the file's order).
 */
export function completeStandardLeads(group: WaveformGroup): CompletionResult {
  const byName = new Map(group.leads.map((lead) => [lead.name, lead] as const));
  const leadI = byName.get('I');
  const leadII = byName.get('II');
  if (leadI === undefined || leadII === undefined || leadI.derived || leadII.derived) {
    const allStandard = group.leads.every((lead) => standardLeadIndex(lead.name) >= 0);
    return { group: allStandard ? { ...group, leads: orderLeads(group.leads) } : group, derivedNames: [] };
  }

  const missing = DERIVABLE.filter((name) => !byName.has(name));
  const length = Math.min(leadI.samples.length, leadII.samples.length);
  const added: Lead[] = missing.map((name) => ({
    name,
    samples: combine(leadI.samples, leadII.samples, FORMULAS[name]),
    derived: true,
    ...derivedGaps(leadI, leadII, length),
  }));
  const leads = orderLeads([...group.leads, ...added]);
  if (added.length === 0) return { group: { ...group, leads }, derivedNames: [] };
  const stored = group.leads.filter((lead) => !lead.derived).length;
  return {
    group: { ...group, leads },
    derivedNames: missing.slice(),
    warning: `${stored} leads stored, ${added.length} derived (${missing.join(', ')} computed from I and II)`,
  };
}
