/**
 * Colours and line weights of printed ECG paper. The colours are the canvas's (src-renderer/src/features/trace/
 * paper-colors.ts): pink grid, black trace, grey derived-lead labels, violet uncertainty band under the trace.
 */
export const PAPER_COLOURS = {
  minor: '#f6c9c9',
  major: '#e58c8c',
  trace: '#111111',
  label: '#111111',
  derivedLabel: '#6b6b6b',
  missing: '#8a8a8a',
  separator: '#111111',
  band: '#7c3aed',
  window: '#2563eb',
  text: '#111111',
  muted: '#555555',
  alert: '#b91c1c',
} as const;

/** Opacity of the uncertainty band (the canvas's rgba alpha). */
export const BAND_OPACITY = 0.16;

/** Line widths in millimetres: hairline minor grid, heavier 5 mm grid, the trace as an ECG cart draws it. */
export const LINE_MM = {
  minor: 0.1,
  major: 0.2,
  trace: 0.25,
  calibration: 0.25,
  separator: 0.3,
} as const;
