import { describe, expect, it } from 'vitest';
import { isStandardLead, leadNameFromCode, normaliseLeadName } from '../../../../src-main/core/ecg/lead-names';

describe('normaliseLeadName', () => {
  it.each([
    ['I', 'I'],
    ['Lead I', 'I'],
    ['LEAD_I', 'I'],
    ['ii\0\0\0', 'II'],
    ['  III ', 'III'],
    ['AVR', 'aVR'],
    ['avl', 'aVL'],
    ['aVF', 'aVF'],
    ['v1', 'V1'],
    ['ECG V6', 'V6'],
    ['MDC_ECG_LEAD_I', 'I'],
    ['MDC_ECG_LEAD_AVR', 'aVR'],
    ['MDC_ECG_LEAD_V4R', 'V4R'],
    ['2:61', 'III'],
    ['5.6.3-9-62', 'aVR'],
    ['131329', 'I'],
    ['64', 'aVF'],
    ['Lead aVL (Goldberger)', 'aVL'],
    ['Lead I (Einthoven)', 'I'],
    ['DII', 'II'],
    ['C3', 'V3'],
    ['MLII', 'MLII'],
    ['Resp', 'Resp'],
    ['ECG 1', 'ECG 1'],
    ['ECG', 'ECG'],
  ])('%j -> %s', (raw, expected) => {
    expect(normaliseLeadName(raw)).toBe(expected);
  });

  it('maps SCP-ECG lead codes', () => {
    expect(leadNameFromCode(1)).toBe('I');
    expect(leadNameFromCode(8)).toBe('V6');
    expect(leadNameFromCode(61)).toBe('III');
    expect(leadNameFromCode(258)).toBe('II');
    expect(leadNameFromCode(999)).toBeUndefined();
  });

  it('knows the twelve standard leads only', () => {
    expect(isStandardLead('aVR')).toBe(true);
    expect(isStandardLead('AVR')).toBe(false);
    expect(isStandardLead('MLII')).toBe(false);
  });
});
