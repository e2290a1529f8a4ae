/**
 * Completion of the standard 12 leads. Many devices store only I, II and V1-V6 because the other four limb
 * leads are linear combinations of I and II (Einthoven/Goldberger); the display and the model want all 12.
 */
import { standardLeadIndex } from './lead-names';
import type { Lead, WaveformGroup } from './record';

const PRECORDIAL = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
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

/**
 * When a 12-lead-style group (I, II and V1-V6 present) lacks any of III, aVR, aVL, aVF, derives them from
 * I and II (III = II - I, aVR = -(I + II)/2, aVL = I - II/2, aVF = II - I/2), marks them derived and
 * returns the group with its leads in standard order. Groups that are not 12-lead style are reordered only
 * when every lead is a standard one; nothing is invented for them.
 */
export function completeStandardLeads(group: WaveformGroup): CompletionResult {
  const byName = new Map(group.leads.map((lead) => [lead.name, lead] as const));
  const leadI = byName.get('I');
  const leadII = byName.get('II');
  const twelveLeadStyle = leadI !== undefined && leadII !== undefined && PRECORDIAL.every((n) => byName.has(n));
  if (!twelveLeadStyle) {
    // Keep the file's order for mixed groups (e.g. MLII, V1: the first lead is the monitoring lead).
    const allStandard = group.leads.every((lead) => standardLeadIndex(lead.name) >= 0);
    return { group: allStandard ? { ...group, leads: orderLeads(group.leads) } : group, derivedNames: [] };
  }

  const missing = DERIVABLE.filter((name) => !byName.has(name));
  const added: Lead[] = missing.map((name) => ({
    name,
    samples: combine(leadI.samples, leadII.samples, FORMULAS[name]),
    derived: true,
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
