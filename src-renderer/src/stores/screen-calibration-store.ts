/**
 * The screen's measured pixels per millimetre (one-time ruler calibration), kept in localStorage because
 * a screen's reported DPI is often wrong and true-size paper depends on it.
 */
import { create } from 'zustand';

const KEY = 'echoing-ecg.screen-px-per-mm';

function load(): number | null {
  try {
    const v = Number(globalThis.localStorage?.getItem(KEY));
    return Number.isFinite(v) && v > 0.5 && v < 100 ? v : null;
  } catch {
    return null;
  }
}

export interface ScreenCalibrationState {
  /** Calibrated CSS px per mm, or null when the screen was never calibrated. */
  pxPerMm: number | null;
  setPxPerMm: (v: number | null) => void;
}

export const useScreenCalibrationStore = create<ScreenCalibrationState>((set) => ({
  pxPerMm: load(),
  setPxPerMm: (v) => {
    try {
      if (v === null) globalThis.localStorage?.removeItem(KEY);
      else globalThis.localStorage?.setItem(KEY, String(v));
    } catch {
      // Storage can be disabled; the calibration then lasts for this session only.
    }
    set({ pxPerMm: v });
  },
}));
