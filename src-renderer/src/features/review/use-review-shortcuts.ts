import { useEffect, useRef } from 'react';
import { activeFilter, useViewStore } from '../../stores/view-store';
import type { BandFilter } from '../../../../src-shared/ecg-paper/display-filter';
import { capturesTyping, modalOpen } from './keyboard-focus';

/** Actions the shortcuts trigger that live outside the view store. */
export interface ShortcutActions {
  open: () => void;
  sibling: (direction: 'next' | 'previous') => void;
  runModel: () => void;
  toggleHelp: () => void;
  /** Closes the shortcuts panel (Esc). */
  closeHelp: () => void;
  /** Whether the open file has a median-beat group (the layout cycle skips it otherwise). */
  hasMedian: boolean;
}

const BAND_ORDER: BandFilter[] = ['none', 'diagnostic', 'monitoring'];

/** Window-level keyboard shortcuts for the review workspace; ignored while typing in a field or in a dialog. */
export function useReviewShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (capturesTyping(e.target as HTMLElement | null) || modalOpen(document)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const v = useViewStore.getState();
      const back = e.shiftKey ? -1 : 1;
      const a = ref.current;
      const median = a.hasMedian && v.layout === 'median';
      switch (e.key.toLowerCase()) {
        case 'escape':
          // The trace's own Esc (clear calipers) still runs; here only the shortcuts panel closes.
          a.closeHelp();
          return;
        case 'l':
          v.cycle('layout', back);
          if (!a.hasMedian && useViewStore.getState().layout === 'median') v.cycle('layout', back);
          break;
        case 's':
          v.cycle('speed', back);
          break;
        case 'g':
          v.cycle('gain', back);
          break;
        case 'f': {
          const f = activeFilter(v, median);
          const next = { ...f, band: BAND_ORDER[(BAND_ORDER.indexOf(f.band) + 1) % BAND_ORDER.length] as BandFilter };
          v.set(median ? { medianFilter: next } : { filter: next });
          break;
        }
        case 'i':
          v.set({ aiPanel: !v.aiPanel });
          break;
        case 't':
          v.set({ sizing: v.sizing === 'fit' ? 'true-size' : 'fit' });
          break;
        case 'c':
          v.set({ calipers: !v.calipers });
          break;
        case 'v':
          v.set({ showVariance: !v.showVariance });
          break;
        case 'h':
          v.set({ hideIdentifiers: !v.hideIdentifiers });
          break;
        case 'n':
        case 'pagedown':
          a.sibling('next');
          break;
        case 'p':
        case 'pageup':
          a.sibling('previous');
          break;
        case 'o':
          a.open();
          break;
        case 'r':
          a.runModel();
          break;
        case '?':
          a.toggleHelp();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
