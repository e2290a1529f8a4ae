/**
 * The AI comparison in words: each finding now and before with the change, whether the change is beyond the
 * model's own uncertainty, and the embedding test's verdict. Pure (unit-tested).
 */
import type { EmbeddingChange } from '../../../../src-main/contract/index';
import type { HeadView } from '../ai-card/prediction-view';
import { ordinal, percent, quantityOf, shortMethodOf, valueWithUnit } from '../ai-card/wording';

export interface HeadChange {
  head: string;
  /** The finding ("LVEF < 40 %" or "LVEF"). */
  label: string;
  now: string;
  before: string;
  /** "up 45 points", "down 12 %", "no change". */
  change: string;
  /** The two intervals do not overlap: the change is larger than the model's own uncertainty about either. */
  beyondUncertainty: boolean;
}

function direction(d: number, unit: { one: string; many: string }): string {
  const n = Math.round(Math.abs(d));
  if (n === 0) return 'no change';
  return `${d > 0 ? 'up' : 'down'} ${n} ${n === 1 ? unit.one : unit.many}`.trim();
}

const POINTS = { one: 'point', many: 'points' };

/** Heads present in both predictions (matched by id), in the current prediction's order. */
export function headChanges(current: readonly HeadView[], prior: readonly HeadView[]): HeadChange[] {
  return current.flatMap((c) => {
    const p = prior.find((x) => x.head === c.head);
    if (!p) return [];
    const overlap = c.interval[0] <= p.interval[1] && p.interval[0] <= c.interval[1];
    if (c.probability !== undefined && p.probability !== undefined) {
      return [{
        head: c.head, label: c.label, now: percent(c.probability), before: percent(p.probability),
        change: direction((c.probability - p.probability) * 100, POINTS), beyondUncertainty: !overlap,
      }];
    }
    if (c.value === undefined || p.value === undefined) return [];
    const unit = c.unit === '%' ? POINTS : { one: c.unit ?? '', many: c.unit ?? '' };
    const method = shortMethodOf(c.kind);
    return [{
      head: c.head, label: method ? `${quantityOf(c.label)}, ${method}` : quantityOf(c.label), now: valueWithUnit(c.value, c.unit),
      before: valueWithUnit(p.value, p.unit), change: direction(c.value - p.value, unit), beyondUncertainty: !overlap,
    }];
  });
}

/** "p < 0.001", "p = 0.034", "p = 0.62", "p > 0.99". */
export function pText(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p > 0.99) return 'p > 0.99';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** The embedding test's verdict in one sentence. */
export function changeSentence(c: EmbeddingChange): string {
  const times = `${c.ratio.toFixed(1)} times what that uncertainty allows`;
  return c.changed
    ? `Changed beyond the model's own uncertainty: the two ECGs differ by ${times} (${pText(c.pValue)}).`
    : `No change beyond the model's own uncertainty: the difference is ${times} (${pText(c.pValue)}).`;
}

/** How the test was made, for the reader who asks. */
export function changeMethod(c: EmbeddingChange): string {
  const along =
    c.basis === 'library'
      ? `the ${c.dimensions} directions in which the pack's echo studies differ most (${Math.round((c.explainedVariance ?? 0) * 100)} % of their spread)`
      : c.basis === 'heads'
        ? `the ${c.dimensions} direction${c.dimensions === 1 ? '' : 's'} the model's classifiers read`
        : `all ${c.dimensions} dimensions of the embedding`;
  return `Compared along ${along}, against the variance the model reports for each ECG; "changed" means beyond the ${Math.round(c.level * 100)} % limit of that variance.`;
}

/** "high, 72nd percentile". */
export function uncertaintyShort(u: { level: string; percentile: number }): string {
  return `${u.level === 'abstain' ? 'too high' : u.level}, ${ordinal(u.percentile)} percentile`;
}
