/** Every numeric column of a labels sheet is kept for site adaptation (cohort migration 2). */
import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../../../src-main/core/cohort/labels';

describe('labels sheet: other numeric columns', () => {
  it('keeps lvedv, a site column and an explicit label as values; text cells and keys are not values', () => {
    const parsed = parseLabels('file,patient_id,lvef,LVEDV,Site Score,label,notes\na.dcm,P1,35,180,2.5,1,dilated\nb.dcm,P2,60,,x,0,\n');
    expect(parsed.rows.map((r) => r.values)).toEqual([
      { lvedv: 180, site_score: 2.5, label: 1 },
      { label: 0 },
    ]);
    expect(parsed.rows[0]?.lvef).toBe(35);
  });
  it('a sheet with only a site column is accepted; a row without any number is not', () => {
    const parsed = parseLabels('file,af_burden\na.dcm,0.4\nb.dcm,\n');
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ positive: null, lvef: null, values: { af_burden: 0.4 } });
    expect(parsed.invalidRows).toEqual([{ row: 3, reason: 'no LVEF, label or other number' }]);
  });
});
