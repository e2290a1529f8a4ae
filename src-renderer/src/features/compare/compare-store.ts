/**
 * The comparison with a prior ECG: the suggestions, the prior chosen, both ECGs' beats (for alignment), both
 * predictions and the change test between their embeddings. UI state for features/compare only.
 */
import { create } from 'zustand';
import type {
  EcgBeats, EchoingClient, EmbeddingChange, FileRef, OpenedEcg, PriorCandidate, PriorNotice, PriorSourceId, RetrieveProgress,
} from '../../../../src-main/contract/index';
import { predictionFor } from '../../stores/prediction-store';
import type { PredictionView } from '../ai-card/prediction-view';
import { retrievePrior } from './prior-retrieve';

type Loadable<T> = { status: 'idle' | 'loading' | 'done' | 'error'; value: T | null; error: string | null };
const idle = <T>(): Loadable<T> => ({ status: 'idle', value: null, error: null });
const loading = <T>(): Loadable<T> => ({ status: 'loading', value: null, error: null });

export interface CompareState {
  /** The comparison replaces the single trace while true. */
  active: boolean;
  pickerOpen: boolean;
  /** The ECG on screen the comparison belongs to. */
  currentToken: string | null;
  candidates: Loadable<PriorCandidate[]>;
  /** Why some sources' suggestions are missing (the PACS unreachable, too slow, not asked). */
  notices: PriorNotice[];
  /** Remote sources (the PACS) still being asked: their ECGs join the list when they answer. */
  asking: PriorSourceId[];
  /** A prior being retrieved from the PACS (its SOP Instance UID), its progress, or why it failed. */
  fetching: { key: string; jobId: string | null; progress: RetrieveProgress | null; error: string | null } | null;
  prior: Loadable<OpenedEcg>;
  /** What to call the prior (the PACS study's description, for a file named by its UID), else its file name. */
  priorLabel: string | null;
  beats: Loadable<{ current: EcgBeats; prior: EcgBeats }>;
  predictions: Loadable<{ current: PredictionView; prior: PredictionView }>;
  change: Loadable<EmbeddingChange>;
  /**
   * Opens the chooser and asks main for suggestions for the ECG on screen: this machine's at once, then again with
   * the PACS when one is to be asked (the list is replaced when it answers, or a notice says why it did not).
   */
  openPicker: (client: EchoingClient, currentToken: string) => Promise<void>;
  /** Closes the chooser (a retrieve under way is cancelled). */
  closePicker: (client: EchoingClient) => void;
  /** Compares the ECG on screen with `prior`: opens it, finds both ECGs' beats, runs both predictions, tests the change. */
  choose: (client: EchoingClient, currentToken: string, prior: FileRef, label?: string) => Promise<void>;
  /** Chooses a suggestion: a file is compared at once, an ECG only the PACS holds is retrieved first. */
  chooseCandidate: (client: EchoingClient, currentToken: string, candidate: PriorCandidate, label: string) => Promise<void>;
  /** Stops the retrieve under way (the chooser stays open). */
  cancelFetch: (client: EchoingClient) => void;
  close: () => void;
}

let seq = 0;
let fetchSeq = 0;

const message = (e: { message: string; code: string }) => `${e.message} (${e.code})`;

export const useCompareStore = create<CompareState>((set, get) => ({
  active: false,
  pickerOpen: false,
  currentToken: null,
  candidates: idle(),
  notices: [],
  asking: [],
  fetching: null,
  prior: idle(),
  priorLabel: null,
  beats: idle(),
  predictions: idle(),
  change: idle(),
  openPicker: async (client, currentToken) => {
    const mine = ++seq;
    fetchSeq += 1;
    set({ pickerOpen: true, candidates: loading(), notices: [], asking: [], fetching: null });
    const r = await client.invoke('compare:candidates', { token: currentToken, include: 'local' });
    if (mine !== seq) return;
    if (!r.ok) return set({ candidates: { status: 'error', value: null, error: message(r.error) } });
    set({ candidates: { status: 'done', value: r.value.candidates, error: null }, notices: r.value.notices, asking: r.value.pending });
    if (r.value.pending.length === 0) return;
    const all = await client.invoke('compare:candidates', { token: currentToken, include: 'all' });
    if (mine !== seq) return;
    if (!all.ok) return set({ asking: [], notices: [...get().notices, { source: 'pacs', code: all.error.code, message: all.error.message }] });
    set({ candidates: { status: 'done', value: all.value.candidates, error: null }, notices: all.value.notices, asking: [] });
  },
  closePicker: (client) => {
    get().cancelFetch(client);
    set({ pickerOpen: false });
  },
  chooseCandidate: async (client, currentToken, candidate, label) => {
    if (candidate.file) return get().choose(client, currentToken, candidate.file, label);
    const ref = candidate.pacs;
    // One retrieve at a time (a failed one may be tried again).
    const under = get().fetching;
    if (!ref || (under && under.error === null)) return;
    const mine = ++fetchSeq;
    const live = () => mine === fetchSeq;
    set({ fetching: { key: ref.sopInstanceUid, jobId: null, progress: null, error: null } });
    const outcome = await retrievePrior(client, ref, {
      stillWanted: live,
      onJob: (jobId) => live() && set((s) => ({ fetching: s.fetching && { ...s.fetching, jobId } })),
      onProgress: (progress) => live() && set((s) => ({ fetching: s.fetching && { ...s.fetching, progress } })),
    });
    if (!live()) return;
    if ('file' in outcome) {
      set({ fetching: null });
      return get().choose(client, currentToken, outcome.file, label);
    }
    set({ fetching: 'error' in outcome ? { key: ref.sopInstanceUid, jobId: null, progress: null, error: outcome.error } : null });
  },
  cancelFetch: (client) => {
    const jobId = get().fetching?.jobId;
    fetchSeq += 1;
    if (jobId) void client.invoke('pacs:cancel', { jobId });
    set({ fetching: null });
  },
  choose: async (client, currentToken, file, label) => {
    const mine = ++seq;
    set({ active: true, pickerOpen: false, currentToken, prior: loading(), priorLabel: label ?? null, beats: loading(), predictions: loading(), change: idle() });
    const live = () => mine === seq;
    const opened = await client.invoke('ecg:open', { token: file.token });
    if (!live()) return;
    if (!opened.ok) {
      const e = message(opened.error);
      return set({ prior: { status: 'error', value: null, error: e }, beats: idle(), predictions: idle() });
    }
    set({ prior: { status: 'done', value: opened.value, error: null } });
    const [bc, bp] = await Promise.all([client.invoke('compare:beats', { token: currentToken }), client.invoke('compare:beats', { token: file.token })]);
    if (!live()) return;
    if (bc.ok && bp.ok) set({ beats: { status: 'done', value: { current: bc.value, prior: bp.value }, error: null } });
    else set({ beats: { status: 'error', value: null, error: message(bc.ok ? (bp as { error: { message: string; code: string } }).error : bc.error) } });
    const [pc, pp] = await Promise.all([predictionFor(client, currentToken), predictionFor(client, file.token)]);
    if (!live()) return;
    if (!pc.ok || !pp.ok) {
      const e = !pc.ok ? `This ECG: ${message(pc.error)}` : `The prior ECG: ${message((pp as { error: { message: string; code: string } }).error)}`;
      return set({ predictions: { status: 'error', value: null, error: e } });
    }
    set({ predictions: { status: 'done', value: { current: pc.value, prior: pp.value }, error: null }, change: loading() });
    const a = pc.value.embedding;
    const b = pp.value.embedding;
    if (!a || !b) return set({ change: { status: 'error', value: null, error: 'The embeddings of the two predictions are not available.' } });
    const c = await client.invoke('model:change', { a, b });
    if (!live()) return;
    set({ change: c.ok ? { status: 'done', value: c.value, error: null } : { status: 'error', value: null, error: message(c.error) } });
  },
  close: () => {
    seq += 1;
    fetchSeq += 1;
    set({ active: false, pickerOpen: false, currentToken: null, fetching: null, prior: idle(), priorLabel: null, beats: idle(), predictions: idle(), change: idle() });
  },
}));

/** Whether a comparison is open for the ECG with this token. */
export function comparing(token: string | null): boolean {
  const s = useCompareStore.getState();
  return s.active && token !== null && s.currentToken === token;
}
