import { z } from 'zod';
import type { EcgRecord } from '../core/ecg/record';
import { channel } from './define';

/** A decoded ECG as the renderer receives it: the core record (samples in microvolts) and where it came from. */
export interface OpenedEcg {
  file: { token: string; name: string; sizeBytes: number };
  record: EcgRecord;
}

export const ecgChannels = {
  /** Reads and decodes a handed-out file. Unreadable files answer with the reader's coded error. */
  'ecg:open': channel<OpenedEcg>()(z.object({ token: z.string().min(1) }).strict()),
} as const;
