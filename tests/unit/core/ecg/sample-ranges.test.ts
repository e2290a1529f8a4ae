import { describe, expect, it } from 'vitest';
import { rangesWhere, unionRanges } from '../../../../src-main/core/ecg/sample-ranges';

describe('sample ranges', () => {
  it('finds runs, including ones touching either end', () => {
    const v = [9, 9, 1, 2, 9, 3, 9, 9];
    expect(rangesWhere(v.length, (i) => v[i] === 9)).toEqual([[0, 2], [4, 5], [6, 8]]);
    expect(rangesWhere(3, () => false)).toEqual([]);
  });

  it('unites overlapping and touching ranges and clips them to the length', () => {
    expect(unionRanges([[0, 2], [6, 9]], [[1, 4], [4, 5], [8, 12]], 10)).toEqual([[0, 5], [6, 10]]);
    expect(unionRanges([], [[3, 3]], 10)).toEqual([]);
  });
});
