/**
 * The ECG under review: which file, its decoded record (or the reader's error) and the chosen group.
 */
import { create } from 'zustand';
import type { EchoingClient, ErrorPayload, FileRef, OpenedEcg, ReadingHints, Result } from '../../../src-main/contract/index';

export type ReviewStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ReviewState {
  file: FileRef | null;
  status: ReviewStatus;
  opened: OpenedEcg | null;
  error: ErrorPayload | null;
  /** Index into record.groups of the group on screen. */
  groupIndex: number;
  /** performance.now() when the file was chosen (first-trace timing). */
  chosenAt: number;
  /** Milliseconds ecg:open took (read, decode, transfer) for the file on screen. */
  openMs: number;
  /** Opens a file; `hints` (a headerless CSV's sample rate and unit) are used where the file is silent. */
  open: (client: EchoingClient, file: FileRef, hints?: ReadingHints) => Promise<void>;
  setGroup: (index: number) => void;
}

let seq = 0;

export const useReviewStore = create<ReviewState>((set, get) => ({
  file: null,
  status: 'idle',
  opened: null,
  error: null,
  groupIndex: 0,
  chosenAt: 0,
  openMs: 0,
  open: async (client, file, hints) => {
    const mine = ++seq;
    set({ file, status: 'loading', error: null, chosenAt: performance.now() });
    let res: Result<OpenedEcg>;
    try {
      res = await client.invoke('ecg:open', { token: file.token, ...(hints ? { hints } : {}) });
    } catch (e) {
      // The transport itself failed (host gone): show it like a reader error rather than going blank.
      res = { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
    }
    if (mine !== seq) return; // a newer open won
    if (res.ok) {
      const opened = res.value;
      const first = opened.record.groups.findIndex((g) => g.kind === 'rhythm');
      set({ status: 'ready', opened, error: null, groupIndex: Math.max(0, first), openMs: performance.now() - get().chosenAt });
    } else set({ status: 'error', opened: null, error: res.error });
  },
  setGroup: (index) => set({ groupIndex: index }),
}));
