/**
 * Beat alignment of a prior ECG under the current one: each strip (layout cell) of the prior is shifted so
 * that its first detected QRS sits exactly under the current strip's first QRS in the same lead. Pure.
 */
import type { EcgBeats } from '../../../../src-main/contract/index';
import type { LayoutCell, PaperLayout } from '../trace/layout';

/** How one strip of the prior was lined up. */
export interface CellAlignment {
  lead: string;
  row: number;
  col: number;
  /** Seconds added to the prior's time axis in this strip (prior time = current time + offset). */
  offsetS: number;
  /** The current strip's first QRS, and the prior's QRS put under it (seconds of each record), or null. */
  currentQrsS: number | null;
  priorQrsS: number | null;
}

/** The lead's QRS times: its own fiducials when it has them, else the beats found on all leads. */
function qrsOf(beats: EcgBeats, lead: string): number[] {
  return beats.leads.find((l) => l.name === lead)?.qrsS ?? beats.beatsS;
}

/** First time in `times` (ascending) at or after `from` and before `to`, or null. */
export function firstIn(times: readonly number[], from: number, to = Infinity): number | null {
  for (const t of times) if (t >= from && t < to) return t;
  return null;
}

/**
 * Offset of each strip: the current strip's first QRS c in [t0, t1), the prior's first QRS p at or after t0
 * in the same lead (else its last one), offset p - c. A strip where either record has no QRS keeps the offset
 * of the whole record (first beat against first beat), or 0 when there is none at all.
 */
export function alignCells(cells: readonly LayoutCell[], current: EcgBeats, prior: EcgBeats): CellAlignment[] {
  const c0 = current.beatsS[0];
  const p0 = prior.beatsS[0];
  const whole = c0 !== undefined && p0 !== undefined ? p0 - c0 : 0;
  return cells.map((cell) => {
    const c = firstIn(qrsOf(current, cell.lead), cell.t0, cell.t1);
    const pTimes = qrsOf(prior, cell.lead);
    const p = c === null ? null : (firstIn(pTimes, cell.t0) ?? pTimes[pTimes.length - 1] ?? null);
    const offsetS = c !== null && p !== null ? p - c : whole;
    return { lead: cell.lead, row: cell.row, col: cell.col, offsetS, currentQrsS: c, priorQrsS: c !== null ? p : null };
  });
}

/** The prior's page: the same cells (by row and column) with their time windows shifted by the alignment. */
export function shiftedLayout(prior: PaperLayout, alignment: readonly CellAlignment[]): PaperLayout {
  return {
    ...prior,
    cells: prior.cells.map((cell) => {
      const a = alignment.find((x) => x.row === cell.row && x.col === cell.col);
      return a ? { ...cell, t0: cell.t0 + a.offsetS, t1: cell.t1 + a.offsetS } : cell;
    }),
  };
}
