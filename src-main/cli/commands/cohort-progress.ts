import type { JobProgress } from '../../core/cohort/types';
import type { CliIo } from '../types';

const fmtS = (s: number | null) => {
  if (s === null || !Number.isFinite(s)) return '--';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
};

/** One progress line: counts, rate and ETA (no file names: they may identify a patient). */
export function progressText(p: JobProgress): string {
  const total = p.total ?? 0;
  const pct = total > 0 ? Math.floor((100 * p.processed) / total) : 0;
  return `${p.state} ${p.processed}/${p.total ?? '?'} (${pct}%) scored ${p.scored} skipped ${p.skipped} failed ${p.failed} ${p.filesPerSecond.toFixed(1)} ECG/s ETA ${fmtS(p.etaSeconds)}`;
}

/**
 * Progress for `cohort score`: a redrawn bar on a terminal, else a plain line at most every 2 s and on each
 * state change (logs and CI stay readable).
 */
export function progressPrinter(io: CliIo): (p: JobProgress) => void {
  let lastLine = 0;
  let lastState = '';
  return (p) => {
    if (io.isTTY) {
      const total = p.total ?? 0;
      const frac = total > 0 ? Math.min(1, p.processed / total) : 0;
      const width = 28;
      const filled = Math.round(frac * width);
      io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progressText(p)}\x1b[K`);
      if (p.state === 'done' || p.state === 'cancelled' || p.state === 'failed') io.stderr('\n');
      return;
    }
    const now = Date.now();
    if (p.state !== lastState || now - lastLine >= 2000) {
      lastLine = now;
      lastState = p.state;
      io.stderr(`${progressText(p)}\n`);
    }
  };
}
