/**
 * How the trace is shown: layout, paper speed, gain, display filter, sizing and overlays. UI state only.
 */
import { create } from 'zustand';
import type { DisplayFilter } from '../features/trace/filters';
import { GAINS, PAPER_SPEEDS, type Gain, type PaperSpeed } from '../features/trace/geometry';
import { LAYOUTS, type LayoutId } from '../features/trace/layout';
import type { SizingMode } from '../features/trace/viewport';

export interface ViewState {
  layout: LayoutId;
  speed: PaperSpeed;
  gain: Gain;
  filter: DisplayFilter;
  sizing: SizingMode;
  /** First second shown for records longer than one page. */
  startS: number;
  showVariance: boolean;
  calipers: boolean;
  hideIdentifiers: boolean;
  set: (patch: Partial<Omit<ViewState, 'set' | 'cycle'>>) => void;
  /** Steps layout, speed or gain to the next option (keyboard shortcuts). */
  cycle: (what: 'layout' | 'speed' | 'gain', direction?: 1 | -1) => void;
}

function step<T>(list: readonly T[], current: T, dir: 1 | -1): T {
  const i = list.indexOf(current);
  return list[(i + dir + list.length) % list.length] as T;
}

/** The review view settings (defaults: 3x4 + II, 25 mm/s, 10 mm/mV, diagnostic filter, fit to window). */
export const useViewStore = create<ViewState>((set) => ({
  layout: '3x4+1',
  speed: 25,
  gain: 10,
  filter: { band: 'diagnostic', notchHz: 0 },
  sizing: 'fit',
  startS: 0,
  showVariance: true,
  calipers: false,
  hideIdentifiers: false,
  set: (patch) => set(patch),
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
