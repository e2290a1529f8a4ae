import type { EcgRecord } from '../../src-main/core/ecg/record';

/** Everything an EcgRecord needs besides its waveform groups, for tests that build records by hand. */
export function recordBase(): Omit<EcgRecord, 'groups'> {
  return { format: 'csv', fields: [], measurements: {}, statements: [], filters: {}, warnings: [] };
}
