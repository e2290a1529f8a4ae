import { create } from 'zustand';

/** The shell's top-level sections. */
export type Section = 'review' | 'cohorts' | 'pacs';

interface ShellState {
  section: Section;
  /** Switches section (e.g. a cohort worklist opening an ECG calls setSection('review')). */
  setSection: (section: Section) => void;
}

/** Which section the shell shows; a store so any feature can switch it. */
export const useShellStore = create<ShellState>((set) => ({
  section: 'review',
  setSection: (section) => set({ section }),
}));
