/**
 * The comparison with a prior ECG: the suggestions, the prior chosen, both ECGs' beats (for alignment), both
 * predictions and the change test between their embeddings. UI state for features/compare only.
 */
import { create } from 'zustand';
import type { EcgBeats, EchoingClient, EmbeddingChange, FileRef, OpenedEcg, PriorCandidate } from '../../../../src-main/contract/index';
import { predictionFor } from '../../stores/prediction-store';
import type { PredictionView } from '../ai-card/prediction-view';

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
  prior: Loadable<OpenedEcg>;
  beats: Loadable<{ current: EcgBeats; prior: EcgBeats }>;
  predictions: Loadable<{ current: PredictionView; prior: PredictionView }>;
  change: Loadable<EmbeddingChange>;
  /** Opens the chooser and asks main for suggestions for the ECG on screen. */
  openPicker: (client: EchoingClient, currentToken: string) => Promise<void>;
  closePicker: () => void;
  /** Compares the ECG on screen with `prior`: opens it, finds both ECGs' beats, runs both predictions, tests the change. */
  choose: (client: EchoingClient, currentToken: string, prior: FileRef) => Promise<void>;
  close: () => void;
}

let seq = 0;

const message = (e: { message: string; code: string }) => `${e.message} (${e.code})`;

export const useCompareStore = create<CompareState>((set) => ({
  active: false,
  pickerOpen: false,
  currentToken: null,
  candidates: idle(),
  prior: idle(),
  beats: idle(),
  predictions: idle(),
  change: idle(),
  openPicker: async (client, currentToken) => {
    const mine = ++seq;
    set({ pickerOpen: true, candidates: loading() });
    const r = await client.invoke('compare:candidates', { token: currentToken });
    if (mine !== seq) return;
    set({ candidates: r.ok ? { status: 'done', value: r.value, error: null } : { status: 'error', value: null, error: message(r.error) } });
  },
  closePicker: () => set({ pickerOpen: false }),
  choose: async (client, currentToken, file) => {
    const mine = ++seq;
    set({ active: true, pickerOpen: false, currentToken, prior: loading(), beats: loading(), predictions: loading(), change: idle() });
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
    set({ active: false, pickerOpen: false, currentToken: null, prior: idle(), beats: idle(), predictions: idle(), change: idle() });
  },
}));

/** Whether a comparison is open for the ECG with this token. */
export function comparing(token: string | null): boolean {
  const s = useCompareStore.getState();
  return s.active && token !== null && s.currentToken === token;
}
