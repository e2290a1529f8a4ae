/** Paper colours: fixed whatever the app theme (the paper stays paper-coloured in dark mode). */
export const PAPER = {
  background: '#ffffff',
  /** Around the page: a neutral grey so the paper's edge shows. */
  desk: '#b9bdc3',
  minor: '#f6c9c9',
  major: '#e58c8c',
  trace: '#111111',
  label: '#111111',
  derivedLabel: '#6b6b6b',
  separator: '#111111',
  missing: '#8a8a8a',
  /** Model uncertainty band: translucent violet, under the trace, never on it. */
  band: 'rgba(124, 58, 237, 0.16)',
  window: 'rgba(37, 99, 235, 0.55)',
  caliper: '#0b63c5',
  crosshair: 'rgba(0, 0, 0, 0.35)',
} as const;

/** Occlusion heat colour for a 0..1 importance (white to deep orange), drawn only behind lead labels. */
export function heatColour(v: number): string {
  const t = Math.max(0, Math.min(1, v));
  const r = 255;
  const g = Math.round(245 - 150 * t);
  const b = Math.round(235 - 215 * t);
  return `rgb(${r}, ${g}, ${b})`;
}
