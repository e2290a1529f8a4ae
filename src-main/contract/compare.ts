import { z } from 'zod';
import type { EcgBeats } from '../core/compare/beats';
import type { PriorSourceId } from '../core/compare/prior-sources';
import type { FileRef } from './app';
import { channel } from './define';

// Comparison with a prior ECG: suggestions of the same patient's other ECGs, and the beats to align them on.
// Owned by src-main/core/compare/.

export type { EcgBeats, PriorSourceId };

/** A suggested prior ECG, as a handed-out file. */
export interface PriorCandidate {
  file: FileRef;
  /** Which sources suggested it (same folder, recent files, a cohort, ...). */
  sources: PriorSourceId[];
  samePatient: 'yes' | 'no' | 'unknown';
  acquisitionTime: string | null;
  format: string | null;
  /** The reader's error code when the file cannot be read. */
  errorCode: string | null;
}

const token = z.string().min(1).max(200);

export const compareChannels = {
  /** Other ECGs that may be this patient's priors, the same patient first, most recent before this one first. */
  'compare:candidates': channel<PriorCandidate[]>()(z.object({ token }).strict()),
  /** The QRS complexes detected in an ECG's rhythm strip (all leads together, and each lead's own fiducial). */
  'compare:beats': channel<EcgBeats>()(z.object({ token }).strict()),
} as const;
