import { describe, expect, it } from 'vitest';
import { completeStandardLeads, orderLeads } from '../../../../src-main/core/ecg/derive-leads';
import type { Lead, WaveformGroup } from '../../../../src-main/core/ecg/record';

const lead = (name: string, values: number[]): Lead => ({ name, samples: Float32Array.from(values), derived: false });

function eightLead(): WaveformGroup {
  const leads = [lead('V1', [1, 1]), lead('I', [100, -40]), lead('II', [300, 20])];
  for (const n of ['V2', 'V3', 'V4', 'V5', 'V6']) leads.push(lead(n, [0, 0]));
  return { kind: 'rhythm', sampleRateHz: 500, leads };
}

describe('completeStandardLeads', () => {
  it('derives III, aVR, aVL, aVF from I and II and orders the leads', () => {
    const { group, warning, derivedNames } = completeStandardLeads(eightLead());
    expect(group.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    const get = (n: string) => group.leads.find((l) => l.name === n);
    expect(Array.from(get('III')!.samples)).toEqual([200, 60]);
    expect(Array.from(get('aVR')!.samples)).toEqual([-200, 10]);
    expect(Array.from(get('aVL')!.samples)).toEqual([-50, -50]);
    expect(Array.from(get('aVF')!.samples)).toEqual([250, 40]);
    expect(get('aVF')!.derived).toBe(true);
    expect(get('I')!.derived).toBe(false);
    expect(derivedNames).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(warning).toContain('8 leads stored, 4 derived');
  });

  it('invents nothing for groups without both I and II (MLII is not II)', () => {
    const g: WaveformGroup = { kind: 'rhythm', sampleRateHz: 360, leads: [lead('MLII', [1]), lead('V1', [2])] };
    const result = completeStandardLeads(g);
    expect(result.warning).toBeUndefined();
    expect(result.group.leads.map((l) => l.name)).toEqual(['MLII', 'V1']);
    const onlyII = completeStandardLeads({ kind: 'rhythm', sampleRateHz: 500, leads: [lead('V1', [1]), lead('II', [2])] });
    expect(onlyII.group.leads.map((l) => l.name)).toEqual(['II', 'V1']);
    expect(onlyII.derivedNames).toEqual([]);
  });

  it('derives the limb leads wherever I and II are recorded, whatever else the group holds', () => {
    const limb = completeStandardLeads({ kind: 'rhythm', sampleRateHz: 500, leads: [lead('II', [1]), lead('I', [2])] });
    expect(limb.group.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF']);
    expect(limb.warning).toContain('2 leads stored, 4 derived');
    // A 15-lead set with V3R/V7 and a missing V6: derived limb leads, extra leads after the standard ones.
    const names = ['V3R', 'I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V7'];
    const fifteen = completeStandardLeads({ kind: 'rhythm', sampleRateHz: 500, leads: names.map((n) => lead(n, [1, 2])) });
    expect(fifteen.group.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V3R', 'V7']);
    // A derived I or II is never the basis of further derivation.
    const fromDerived = completeStandardLeads({ kind: 'rhythm', sampleRateHz: 500, leads: [lead('I', [1]), { ...lead('II', [2]), derived: true }] });
    expect(fromDerived.derivedNames).toEqual([]);
  });

  it('derives nothing when all twelve are stored', () => {
    const full = completeStandardLeads(completeStandardLeads(eightLead()).group);
    expect(full.warning).toBeUndefined();
    expect(full.group.leads).toHaveLength(12);
  });

  it('orders standard leads first, others in file order', () => {
    expect(orderLeads([lead('X', []), lead('V2', []), lead('Y', []), lead('I', [])]).map((l) => l.name)).toEqual(['I', 'V2', 'X', 'Y']);
  });
});
