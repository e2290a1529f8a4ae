import { z } from 'zod';
import type { EcgBeats } from '../core/compare/beats';
import type { PriorCandidatePath, PriorNotice } from '../core/compare/candidates';
import type { PacsPriorRef, PriorSourceId } from '../core/compare/prior-sources';
import type { FileRef } from './app';
import { channel } from './define';

// Comparison with a prior ECG: suggestions of the same patient's other ECGs, and the beats to align them on.
// Owned by src-main/core/compare/.

export type { EcgBeats, PacsPriorRef, PriorNotice, PriorSourceId };

/** A suggested prior ECG: a handed-out file, or an ECG only the PACS holds (retrieve it, then open it). */
/** A suggested prior ECG as the renderer gets it: the core's suggestion with a token instead of a path. */
export type PriorCandidate = Omit<PriorCandidatePath, 'path'> & {
  /** The file on this machine; null when only the PACS holds it (`pacs` is then set: choosing it retrieves exactly
   * this instance with 'pacs:retrieve', then opens the file 'pacs:job' lists). */
  file: FileRef | null;
};

export interface PriorCandidates {
  candidates: PriorCandidate[];
  /** Why a source's suggestions are missing (the PACS unreachable, too slow, not asked ...), in a line each. */
  notices: PriorNotice[];
  /** Remote sources not asked because `include` was 'local': ask again with 'all' to add their ECGs. */
  pending: PriorSourceId[];
}

const token = z.string().min(1).max(200);

export const compareChannels = {
  /**
   * Other ECGs that may be this patient's priors, the same patient first, most recent before this one first.
   * `include: 'local'` answers from this machine only (at once); 'all' (default) also asks the PACS, which is given
   * up on after a few seconds (a notice then says why its ECGs are missing).
   */
  'compare:candidates': channel<PriorCandidates>()(z.object({ token, include: z.enum(['local', 'all']).optional() }).strict()),
  /** The QRS complexes detected in an ECG's rhythm strip (all leads together, and each lead's own fiducial). */
  'compare:beats': channel<EcgBeats>()(z.object({ token }).strict()),
} as const;
