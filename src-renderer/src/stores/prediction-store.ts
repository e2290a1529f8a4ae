/**
 * The model's answer for the ECG under review, the user's prevalence for PPV/NPV and the occlusion map.
 */
import { create } from 'zustand';
import type { EchoingClient, ErrorPayload, OcclusionMap } from '../../../src-main/contract/index';
import { runOcclusion, runPredict } from '../features/ai-card/model-calls';
import type { PredictionView } from '../features/ai-card/prediction-view';
import type { OcclusionState } from '../features/ai-card/VarianceControls';

export interface PredictionState {
  /** The file token the result belongs to (a result never outlives its file). */
  token: string | null;
  status: 'idle' | 'running' | 'done' | 'error';
  result: PredictionView | null;
  error: ErrorPayload | null;
  /** Prevalence for PPV/NPV, 0..1 (default 7.9 %, the low-EF prevalence in the FDA summary cited in ECG-DISPLAY.md). */
  prevalence: number;
  occlusion: OcclusionState;
  /** Uncertainty occlusion map (lead x region deltas) for the file on screen. */
  occlusionMap: OcclusionMap | null;
  run: (client: EchoingClient, token: string) => Promise<void>;
  reset: (token: string | null) => void;
  setPrevalence: (p: number) => void;
  startOcclusion: (client: EchoingClient) => Promise<void>;
  cancelOcclusion: () => void;
}

let abort: AbortController | null = null;
const IDLE_OCCLUSION: OcclusionState = { status: 'idle', progress: 0 };

export const usePredictionStore = create<PredictionState>((set, get) => ({
  token: null,
  status: 'idle',
  result: null,
  error: null,
  prevalence: 0.079,
  occlusion: IDLE_OCCLUSION,
  occlusionMap: null,
  run: async (client, token) => {
    abort?.abort();
    set({ token, status: 'running', error: null, occlusion: IDLE_OCCLUSION, occlusionMap: null });
    const r = await runPredict(client, token);
    if (get().token !== token) return;
    if (r.ok) set({ status: 'done', result: r.value, error: null });
    else set({ status: 'error', result: null, error: r.error });
  },
  reset: (token) => {
    abort?.abort();
    set({ token, status: 'idle', result: null, error: null, occlusion: IDLE_OCCLUSION, occlusionMap: null });
  },
  setPrevalence: (p) => set({ prevalence: p }),
  startOcclusion: async (client) => {
    const token = get().token;
    if (!token) return;
    abort?.abort();
    const mine = new AbortController();
    abort = mine;
    set({ occlusion: { status: 'running', progress: 0 }, occlusionMap: null });
    const r = await runOcclusion(client, token, (f) => !mine.signal.aborted && set({ occlusion: { status: 'running', progress: f } }), mine.signal);
    if (abort !== mine || get().token !== token) return;
    abort = null;
    if (r.ok) set({ occlusion: { status: 'done', progress: 1 }, occlusionMap: r.value });
    else if (mine.signal.aborted || r.error.code === 'CANCELLED') set({ occlusion: { status: 'cancelled', progress: 0, message: 'Occlusion map cancelled.' } });
    else set({ occlusion: { status: 'error', progress: 0, message: `${r.error.message} (${r.error.code})` } });
  },
  cancelOcclusion: () => abort?.abort(),
}));
