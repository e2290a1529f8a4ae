/** Lead placement shared by the canvas and the printed report (src-shared/ecg-paper/lead-rows.ts). */
import { describe, expect, it } from 'vitest';
import { leadRows, rhythmStripLead } from '../../../src-shared/ecg-paper/lead-rows';

const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

describe('lead rows', () => {
  it('3x4 with a lead II rhythm strip, and every extra lead on a row of its own below', () => {
    expect(leadRows('3x4+1', [...TWELVE, 'V4R'])).toEqual([
      ['I', 'aVR', 'V1', 'V4'],
      ['II', 'aVL', 'V2', 'V5'],
      ['III', 'aVF', 'V3', 'V6'],
      ['II'],
      ['V4R'],
    ]);
  });

  it('puts MLII on the rhythm strip of a monitoring record, not a missing II', () => {
    expect(rhythmStripLead(['MLII', 'V1'])).toBe('MLII');
    expect(leadRows('3x4+3', ['MLII', 'V1']).slice(3)).toEqual([['V1'], ['MLII'], ['V5']]);
  });

  it('12x1 in the standard order whatever the file order; a file without standard leads gets one row a lead', () => {
    expect(leadRows('12x1', [...TWELVE].reverse()).flat()).toEqual(TWELVE);
    expect(leadRows('6x2', ['ECG1', 'ECG2'])).toEqual([['ECG1'], ['ECG2']]);
  });

  it('the median view keeps the 3x4 matrix without strips', () => {
    expect(leadRows('median', TWELVE)).toHaveLength(3);
  });
});
