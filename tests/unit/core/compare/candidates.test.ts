import { describe, expect, it } from 'vitest';
import { rankCandidates, samePatientId, type PriorCandidatePath } from '../../../../src-main/core/compare/candidates';

const c = (path: string, samePatient: PriorCandidatePath['samePatient'], acquisitionTime: string | null, errorCode: string | null = null): PriorCandidatePath => ({
  path, pacs: null, sources: ['folder'], samePatient, acquisitionTime, format: 'dicom', errorCode, description: null, kind: null,
});

describe('prior candidates', () => {
  it('matches patient IDs whatever case, spaces and leading zeros, and says unknown without one', () => {
    expect(samePatientId('00123 45', '12345')).toBe('yes');
    expect(samePatientId('jax01234', 'JAX01234 ')).toBe('yes');
    expect(samePatientId('JAX01234', 'JAX12345')).toBe('no');
    expect(samePatientId(null, 'JAX12345')).toBe('unknown');
    expect(samePatientId('', 'x')).toBe('unknown');
  });

  it('ranks readable before unreadable, same patient first, priors before the current ECG most recent first', () => {
    const ranked = rankCandidates(
      [
        c('other', 'no', '2020-01-01'),
        c('after', 'yes', '2023-01-01'),
        c('old', 'yes', '2017-01-01'),
        c('broken', 'unknown', null, 'NOT_AN_ECG'),
        c('recent', 'yes', '2020-06-01'),
        c('undated', 'unknown', null),
      ],
      '2021-05-10T13:15:18',
    );
    expect(ranked.map((x) => x.path)).toEqual(['recent', 'old', 'after', 'undated', 'other', 'broken']);
  });
});
