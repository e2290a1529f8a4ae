/**
 * The words of the AI page, from the contract's prediction types (never from the screen's card): which pack ran,
 * whether it is for clinical use, each head's estimate, interval and call, the uncertainty level and percentile,
 * the nearest echo reports, and the reader's overread. A prediction with a non-finite number is refused, never
 * printed.
 */
import type { Verdict } from '../cohort/types';
import { CoreError } from '../errors';
import type { HeadPrediction, PredictionResult, SimilarReport } from '../model/types';

/** A prediction as the report needs it (the embedding is not printed). */
export type ReportPrediction = Omit<PredictionResult, 'embedding'>;

/** The latest overread of this ECG's content (from a cohort database). */
export interface ReportOverread {
  verdict: Verdict;
  reviewer: string;
  note: string;
  /** ISO time it was recorded. */
  at: string;
}

export interface HeadLine {
  finding: string;
  estimate: string;
  interval: string;
  threshold: string;
  call: string;
}

export interface AiSummary {
  heading: string;
  /** The pack's not-for-clinical-use statement; null for a pack validated for clinical use. */
  notClinical: string | null;
  run: string;
  uncertainty: string;
  /** Set when the model abstains: its calls must not be used. */
  abstain: string | null;
  heads: HeadLine[];
  similar: { title: string; report: string }[];
}

const invalid = (what: string) =>
  new CoreError('REPORT_INVALID_RESULT', `The model's ${what} is not a finite number: the AI summary is not printed.`);

function finite(v: number | undefined, what: string): void {
  if (v !== undefined && !Number.isFinite(v)) throw invalid(what);
}

/** Refuses a prediction carrying a non-finite number anywhere the report would print or draw it. */
export function assertPrintablePrediction(p: ReportPrediction): void {
  finite(p.uncertainty.score, 'uncertainty score');
  finite(p.uncertainty.percentile, 'uncertainty percentile');
  for (const h of p.predictions) {
    for (const v of [h.probability, h.value, h.threshold, h.interval[0], h.interval[1], h.intervalLevel]) finite(v, `${h.label} estimate`);
  }
  for (const s of p.similarReports) finite(s.score, 'similar-report distance');
  finite(p.stepVariance.startS, 'variance time axis');
  finite(p.stepVariance.stepS, 'variance time axis');
  for (const v of p.stepVariance.values) finite(v, 'per-step variance');
}

/** A head's number as the screen formats it: a whole percentage for probabilities, the value and unit otherwise. */
export function formatHeadValue(h: Pick<HeadPrediction, 'probability' | 'unit'>, v: number): string {
  if (h.probability !== undefined) return `${(v * 100).toFixed(0)} %`;
  return `${v.toFixed(Math.abs(v) >= 10 ? 0 : 1)}${h.unit ? ` ${h.unit}` : ''}`;
}

/** "1st", "2nd", "3rd", "11th", "42nd" … for a percentile. */
export function ordinal(n: number): string {
  const k = Math.round(n);
  const teen = k % 100 >= 11 && k % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th';
  return `${k}${suffix}`;
}

function headLine(h: HeadPrediction, abstain: boolean): HeadLine {
  const estimate = h.probability ?? h.value;
  return {
    finding: h.label,
    estimate: estimate === undefined ? 'n/a' : formatHeadValue(h, estimate),
    interval: `${Math.round(h.intervalLevel * 100)} %: ${formatHeadValue(h, h.interval[0])} to ${formatHeadValue(h, h.interval[1])}`,
    threshold: formatHeadValue(h, h.threshold),
    call: abstain ? 'no call' : h.call,
  };
}

function similarTitle(s: SimilarReport, rank: number): string {
  const parts = [`${rank}. ${s.id}`, `distance ${s.score.toFixed(3)}`];
  if (s.matchProbability !== undefined && Number.isFinite(s.matchProbability)) parts.push(`match ${(s.matchProbability * 100).toFixed(0)} %`);
  if (s.date) parts.push(s.date);
  const m = Object.entries(s.measurements).filter(([, v]) => Number.isFinite(v));
  if (m.length > 0) parts.push(m.map(([k, v]) => `${k} ${Number(v.toPrecision(3))}`).join(', '));
  return parts.join(' · ');
}

/** The AI page's text for one prediction; `topSimilar` reports are listed. */
export function aiSummary(p: ReportPrediction, topSimilar = 3): AiSummary {
  assertPrintablePrediction(p);
  const abstain = p.uncertainty.level === 'abstain';
  const pct = p.uncertainty.percentile;
  const windowEnd = p.window.startS + p.window.durationS;
  return {
    heading: `AI summary · ${p.model.name} ${p.model.version}`,
    notClinical: p.model.clinical ? null : p.model.clinicalUseStatement || 'This model pack is not validated for clinical use.',
    run: `Model ${p.model.id} ${p.model.version} on ${p.executionProvider} · model window ${p.window.startS.toFixed(1)}-${windowEnd.toFixed(1)} s${p.window.paddedS > 0 ? ` (${p.window.paddedS.toFixed(1)} s padded)` : ''}`,
    uncertainty: `Uncertainty: ${p.uncertainty.level} · ${ordinal(pct)} percentile of the pack's reference set (score ${p.uncertainty.score.toPrecision(3)})`,
    abstain: abstain ? 'The model is too uncertain about this ECG for its calls to be used: refer to echocardiography.' : null,
    heads: p.predictions.map((h) => headLine(h, abstain)),
    similar: p.similarReports.slice(0, topSimilar).map((s, i) => ({ title: similarTitle(s, i + 1), report: s.report.replace(/\s+/g, ' ').trim() })),
  };
}

const VERDICT_TEXT: Record<Verdict, string> = {
  agree: 'agrees with the AI call',
  disagree: 'disagrees with the AI call',
  unsure: 'is unsure about the AI call',
};

/** The overread's lines; the free-text note is left out with the identifiers (it may name the patient). */
export function overreadLines(o: ReportOverread | null | undefined, hideIdentifiers: boolean): { verdict: string; note: string | null } {
  if (!o) return { verdict: 'No overread recorded for this ECG.', note: null };
  const when = o.at ? ` on ${o.at.replace('T', ' ').replace(/\.\d+Z?$|Z$/, '')}` : '';
  const verdict = `Reader ${o.reviewer || '(unnamed)'} ${VERDICT_TEXT[o.verdict]}${when}.`;
  if (o.note.trim() === '') return { verdict, note: null };
  return { verdict, note: hideIdentifiers ? 'Note withheld: identifiers are hidden.' : `Note: ${o.note.trim()}` };
}
