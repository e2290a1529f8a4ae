/**
 * Hard limits shared by every reader, checked against declared sizes BEFORE anything is allocated, so a
 * damaged or hostile header can never make the app allocate without bound.
 */
import { CoreError } from '../errors';

/** Most samples (all leads, all groups) one record may hold: 50 M float32 = 200 MB. */
export const MAX_TOTAL_SAMPLES = 50_000_000;
/** Most leads one group may declare. */
export const MAX_LEADS = 256;
/** Largest file readEcgFile opens by default (bytes). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** Throws CORRUPT when a declared lead count or sample count is beyond what any ECG holds. */
export function checkSampleBudget(leads: number, samplesPerLead: number, what = 'The file'): void {
  if (!Number.isFinite(leads) || !Number.isFinite(samplesPerLead) || leads < 0 || samplesPerLead < 0) {
    throw new CoreError('CORRUPT', `${what} declares an impossible number of leads or samples: it is damaged.`);
  }
  if (leads > MAX_LEADS) {
    throw new CoreError('CORRUPT', `${what} declares ${leads} channels, more than any ECG holds: it is damaged.`);
  }
  if (leads * samplesPerLead > MAX_TOTAL_SAMPLES) {
    throw new CoreError(
      'FILE_TOO_LARGE',
      `${what} declares ${leads} x ${samplesPerLead} samples, beyond the ${MAX_TOTAL_SAMPLES / 1e6} million this viewer reads.`,
    );
  }
}

/** Throws TRUNCATED when `needed` bytes from `offset` are not all present. */
export function requireBytes(bytes: Uint8Array, offset: number, needed: number, what = 'The file'): void {
  if (!Number.isFinite(offset) || !Number.isFinite(needed) || offset < 0 || needed < 0 || offset + needed > bytes.length) {
    throw new CoreError('TRUNCATED', `${what} ends before its declared content: it is truncated or damaged.`);
  }
}
