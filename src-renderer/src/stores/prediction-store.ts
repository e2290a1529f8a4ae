/**
 * The model's answer for the ECG under review, kept per file for the session (reopening a file shows its
 * result at once; R runs again), whether the model runs by itself when an ECG opens, the user's prevalence
 * for PPV/NPV and the occlusion map.
 */
import { create } from 'zustand';
import type { EchoingClient, ErrorPayload, OcclusionMap, Result } from '../../../src-main/contract/index';
import { runOcclusion, runPredict } from '../features/ai-card/model-calls';
import { fromRun, type PredictionView } from '../features/ai-card/prediction-view';
import type { OcclusionState } from '../features/ai-card/occlusion-state';

export interface PredictionState {
  /** The file token the result belongs to (a result never outlives its file). */
  token: string | null;
  status: 'idle' | 'running' | 'done' | 'error';
  result: PredictionView | null;
  error: ErrorPayload | null;
  /** Run the model as soon as an ECG opens (default on; kept in localStorage). */
  autoRun: boolean;
  /** Prevalence for PPV/NPV, 0..1 (default 7.9 %, the low-EF prevalence in the FDA summary cited in ECG-DISPLAY.md). */
  prevalence: number;
  occlusion: OcclusionState;
  /** Uncertainty occlusion map (lead x region deltas) for the file on screen. */
  occlusionMap: OcclusionMap | null;
  /** Runs the model on the file on screen (R); `force` false reuses a result from earlier in the session. */
  run: (client: EchoingClient, token: string, force?: boolean) => Promise<void>;
  /** Shows a prediction made elsewhere (a cohort's stored one) for the file on screen, without running. */
  show: (token: string, result: PredictionView) => void;
  /** A new file on screen: its result from this session when there is one, else nothing yet. */
  reset: (token: string | null) => void;
  setAutoRun: (on: boolean) => void;
  setPrevalence: (p: number) => void;
  startOcclusion: (client: EchoingClient) => Promise<void>;
  cancelOcclusion: () => void;
}

let abort: AbortController | null = null;
const IDLE_OCCLUSION: OcclusionState = { status: 'idle', progress: 0 };
const AUTO_RUN_KEY = 'echoing.review.autoRun';
/** Results kept for the session (each is a few kilobytes: heads, reports, 63 variance steps, the embedding). */
const SESSION_LIMIT = 200;

/** This session's results by file token (most recent last), and runs in flight (one per file). */
const session = new Map<string, PredictionView>();
const inFlight = new Map<string, Promise<Result<PredictionView>>>();

function remember(token: string, result: PredictionView): void {
  session.delete(token);
  session.set(token, result);
  if (session.size > SESSION_LIMIT) session.delete(session.keys().next().value as string);
}

/** Forgets this session's results: another model pack is active, and they are not its answers. */
export function forgetSessionResults(): void {
  session.clear();
  inFlight.clear();
}

/**
 * The prediction of any handed-out file: this session's result, or a run (one at a time per file). Used for the
 * file on screen and for a prior ECG under comparison.
 */
export function predictionFor(client: EchoingClient, token: string, force = false): Promise<Result<PredictionView>> {
  const known = session.get(token);
  if (known && !force) return Promise.resolve({ ok: true, value: known });
  let running = inFlight.get(token);
  if (!running) {
    running = runPredict(client, token).then((r): Result<PredictionView> => {
      inFlight.delete(token);
      if (!r.ok) return r;
      const view = fromRun(r.value);
      remember(token, view);
      return { ok: true, value: view };
    });
    inFlight.set(token, running);
  }
  return running;
}

/** The browser's localStorage where there is one (typed structurally: the unit suite runs under plain Node). */
const storage = () => (globalThis as { localStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void } }).localStorage;

function storedAutoRun(): boolean {
  try {
    return storage()?.getItem(AUTO_RUN_KEY) !== 'off';
  } catch {
    return true;
  }
}

export const usePredictionStore = create<PredictionState>((set, get) => ({
  token: null,
  status: 'idle',
  result: null,
  error: null,
  autoRun: storedAutoRun(),
  prevalence: 0.079,
  occlusion: IDLE_OCCLUSION,
  occlusionMap: null,
  run: async (client, token, force = true) => {
    abort?.abort();
    set({ token, status: 'running', error: null, occlusion: IDLE_OCCLUSION, occlusionMap: null });
    const r = await predictionFor(client, token, force);
    if (get().token !== token) return;
    if (r.ok) set({ status: 'done', result: r.value, error: null });
    else set({ status: 'error', result: null, error: r.error });
  },
  show: (token, result) => {
    abort?.abort();
    set({ token, status: 'done', result, error: null, occlusion: IDLE_OCCLUSION, occlusionMap: null });
  },
  reset: (token) => {
    abort?.abort();
    const known = token ? session.get(token) : undefined;
    set({ token, status: known ? 'done' : 'idle', result: known ?? null, error: null, occlusion: IDLE_OCCLUSION, occlusionMap: null });
  },
  setAutoRun: (autoRun) => {
    try {
      storage()?.setItem(AUTO_RUN_KEY, autoRun ? 'on' : 'off');
    } catch {
      // Private mode: the choice lasts for the session only.
    }
    set({ autoRun });
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
