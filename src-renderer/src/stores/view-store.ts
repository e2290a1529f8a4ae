/**
 * How the trace is shown: layout, paper speed, gain, display filter, sizing and overlays. UI state only.
 */
import { create } from 'zustand';
import { NO_FILTER, type DisplayFilter } from '../../../src-shared/ecg-paper/display-filter';
import { GAINS, PAPER_SPEEDS, type Gain, type PaperSpeed } from '../features/trace/geometry';
import { LAYOUTS, type LayoutId } from '../features/trace/layout';
import type { SizingMode } from '../features/trace/viewport';

export interface ViewState {
  layout: LayoutId;
  speed: PaperSpeed;
  gain: Gain;
  /** Display filter of rhythm strips. */
  filter: DisplayFilter;
  /**
   * Display filter of median (representative) beats: none by default, since the device built them by averaging
   * already-filtered beats and a high-pass over one short beat distorts its ST segment.
   */
  medianFilter: DisplayFilter;
  sizing: SizingMode;
  /** First second shown for records longer than one page. */
  startS: number;
  showVariance: boolean;
  calipers: boolean;
  hideIdentifiers: boolean;
  /** The AI side panel is open (kept across sessions: a reader who closes it wants the paper). */
  aiPanel: boolean;
  set: (patch: Partial<Omit<ViewState, 'set' | 'cycle'>>) => void;
  /** Steps layout, speed or gain to the next option (keyboard shortcuts). */
  cycle: (what: 'layout' | 'speed' | 'gain', direction?: 1 | -1) => void;
}

function step<T>(list: readonly T[], current: T, dir: 1 | -1): T {
  const i = list.indexOf(current);
  return list[(i + dir + list.length) % list.length] as T;
}

const PANEL_KEY = 'echoing-ecg.ai-panel';

function loadPanel(): boolean {
  try {
    return globalThis.localStorage?.getItem(PANEL_KEY) !== 'closed';
  } catch {
    return true;
  }
}

/** The filter that applies to the group on screen (median beats have their own, off by default). */
export function activeFilter(s: Pick<ViewState, 'filter' | 'medianFilter'>, showingMedian: boolean): DisplayFilter {
  return showingMedian ? s.medianFilter : s.filter;
}

/** The review view settings (defaults: 3x4 + II, 25 mm/s, 10 mm/mV, diagnostic filter, fit to window). */
export const useViewStore = create<ViewState>((set) => ({
  layout: '3x4+1',
  speed: 25,
  gain: 10,
  filter: { band: 'diagnostic', notchHz: 0 },
  medianFilter: NO_FILTER,
  sizing: 'fit',
  startS: 0,
  showVariance: true,
  calipers: false,
  hideIdentifiers: false,
  aiPanel: loadPanel(),
  set: (patch) => {
    if (patch.aiPanel !== undefined) {
      try {
        globalThis.localStorage?.setItem(PANEL_KEY, patch.aiPanel ? 'open' : 'closed');
      } catch {
        // Storage disabled: the choice lasts for this session.
      }
    }
    set(patch);
  },
  cycle: (what, direction = 1) =>
    set((s) => {
      switch (what) {
        case 'layout':
          return { layout: step(LAYOUTS, s.layout, direction) };
        case 'speed':
          return { speed: step(PAPER_SPEEDS, s.speed, direction) };
        case 'gain':
          return { gain: step(GAINS, s.gain, direction) };
        default: {
          const never: never = what;
          return never;
        }
      }
    }),
}));
