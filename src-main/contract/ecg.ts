import { z } from 'zod';
import type { EcgRecord } from '../core/ecg/record';
import { channel } from './define';

/** Facts a file may not state itself (headerless CSV): given by the user, used only where the file is silent. */
export interface ReadingHints {
  /** Sample rate, Hz. */
  sampleRateHz?: number;
  /** Microvolts per stored unit (1 = values in uV, 1000 = values in mV). */
  uvPerUnit?: number;
}

/** A decoded ECG as the renderer receives it: the core record (samples in microvolts) and where it came from. */
export interface OpenedEcg {
  file: { token: string; name: string; sizeBytes: number };
  record: EcgRecord;
  /** Hints the reader was given: from this request, or remembered for the file's folder. Absent when none. */
  hints?: ReadingHints & { source: 'request' | 'folder' };
}

const hintsSchema = z
  .object({
    sampleRateHz: z.number().positive().max(100_000).optional(),
    uvPerUnit: z.number().positive().max(1_000_000).optional(),
  })
  .strict();

export const ecgChannels = {
  /**
   * Reads and decodes a handed-out file. Unreadable files answer with the reader's coded error. `hints` (e.g. the
   * sample rate a SAMPLE_RATE_UNKNOWN CSV needs) are used where the file is silent and remembered for its folder.
   */
  'ecg:open': channel<OpenedEcg>()(z.object({ token: z.string().min(1), hints: hintsSchema.optional() }).strict()),
} as const;
