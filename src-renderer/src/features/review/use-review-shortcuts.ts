import { useEffect, useRef } from 'react';
import { useViewStore } from '../../stores/view-store';
import type { BandFilter } from '../trace/filters';

/** Actions the shortcuts trigger that live outside the view store. */
export interface ShortcutActions {
  open: () => void;
  sibling: (direction: 'next' | 'previous') => void;
  runModel: () => void;
  toggleHelp: () => void;
  /** Whether the open file has a median-beat group (the layout cycle skips it otherwise). */
  hasMedian: boolean;
}

const BAND_ORDER: BandFilter[] = ['none', 'diagnostic', 'monitoring'];

/** Window-level keyboard shortcuts for the review workspace; ignored while typing in a field. */
export function useReviewShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const v = useViewStore.getState();
      const back = e.shiftKey ? -1 : 1;
      const a = ref.current;
      switch (e.key.toLowerCase()) {
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
        case 'f':
          v.set({ filter: { ...v.filter, band: BAND_ORDER[(BAND_ORDER.indexOf(v.filter.band) + 1) % BAND_ORDER.length] as BandFilter } });
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
