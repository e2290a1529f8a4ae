/**
 * What every adaptation method shares: the fitting context (dataset, base pack, folds), the base heads that
 * estimate the target, the operating threshold chosen on out-of-fold predictions, and the cooperative
 * checkpoints that let a run be cancelled between folds.
 */
import { CoreError } from '../errors';
import type { HeadSpec, PackManifest } from '../model/pack/manifest';
import type { HeadContext } from '../model/results/heads';
import type { AdaptDataset } from './dataset';
import type { AdaptMethod } from './types';

export interface FitContext {
  data: AdaptDataset;
  /** ln(mean exp(logvar)) of every ECG (the uncertainty feature). */
  u: Float64Array;
  binary: boolean;
  manifest: PackManifest;
  /** The base pack's head context (prompts, echo library). */
  baseCtx: HeadContext;
  /** Raw outputs of the base heads that estimate the target, for every ECG (recalibration removed). */
  basePoints: Map<string, Float64Array>;
  folds: number;
  seed: number;
  site: string;
  signal?: AbortSignal;
}

/** One fitted head, ready for the adapted pack. */
export interface FittedHead {
  spec: HeadSpec;
  method: AdaptMethod;
  baseHead?: string;
  hyperParameters: Record<string, number | string | boolean>;
  cvScore: number;
  cvMetric: 'brier' | 'mse';
  /** Site kNN: the dataset rows that form the site library, and the measurement name its head reads. */
  siteLibrary?: { rows: Int32Array; measurement: string };
}

/** Throws CANCELLED when the run was cancelled, after letting pending messages (a cancel) through. */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new CoreError('CANCELLED', 'The adaptation was cancelled.');
}

/** The base pack's heads that estimate this target (binary: the logistic head of the finding; continuous: the regression heads of the measurement). */
export function relatedBaseHeads(manifest: PackManifest, target: { kind: 'binary' | 'continuous'; name: string; column: string }): HeadSpec[] {
  return manifest.heads.filter((h) => {
    if (target.kind === 'binary') return h.kind === 'logistic' && h.finding === target.name;
    if (h.kind === 'knn' || h.kind === 'linear') return h.measurement === target.column;
    // Schema-1 prompt heads do not name their measurement: their id's first word does (lvef-prompt).
    if (h.kind === 'prompt-regression') return (h.measurement ?? h.id.split('-')[0]) === target.column;
    return false;
  });
}

/** A head as its base pack fitted it: any earlier site recalibration removed (a new one replaces it). */
export function withoutRecalibration(h: HeadSpec): HeadSpec {
  const { recalibration: _r, ...rest } = h;
  return rest as HeadSpec;
}

/**
 * The operating threshold that maximises sensitivity + specificity (Youden's J) of `score >= t` on
 * out-of-fold predictions; thresholds lie midway between distinct scores, so no score sits on one.
 */
export function youdenThreshold(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number));
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  let tp = 0;
  let fp = 0;
  let best = -Infinity;
  let threshold = (score[order[0] as number] as number) + 1e-9;
  for (let r = 0; r < order.length; r++) {
    const i = order[r] as number;
    if ((y[i] as number) === 1) tp += 1;
    else fp += 1;
    const next = order[r + 1];
    const s = score[i] as number;
    if (next !== undefined && (score[next] as number) === s) continue;
    const j = tp / pos - fp / neg;
    if (j > best) {
      best = j;
      threshold = next === undefined ? s - 1e-9 : (s + (score[next] as number)) / 2;
    }
  }
  return threshold;
}

/** The call rule of a continuous head: the base head's threshold for the measurement, else LVEF < 40, else above the median. */
export function continuousCall(ctx: FitContext, rows: ArrayLike<number>): { threshold: number; callWhen: 'below' | 'above' } {
  const base = relatedBaseHeads(ctx.manifest, { kind: 'continuous', name: ctx.data.target.name, column: ctx.data.target.column })[0];
  if (base && base.kind !== 'logistic') return { threshold: base.threshold, callWhen: base.callWhen };
  if (ctx.data.target.column === 'lvef') return { threshold: 40, callWhen: 'below' };
  const v = Array.from(rows, (i) => ctx.data.y[i] as number).sort((a, b) => a - b);
  return { threshold: v[Math.floor(v.length / 2)] ?? 0, callWhen: 'above' };
}

/**
 * The prompt embeddings of a set of heads, by head id, from the base pack's (a recalibrated prompt head has a
 * new id but the same prompts file, which is how the saved pack's loader maps them too).
 */
export function promptsFor(heads: readonly HeadSpec[], base: { manifest: PackManifest; prompts: Map<string, Float32Array> }): Map<string, Float32Array> {
  const byFile = new Map<string, Float32Array>();
  for (const h of base.manifest.heads) {
    const p = base.prompts.get(h.id);
    if (h.kind === 'prompt-regression' && p) byFile.set(h.file, p);
  }
  const out = new Map(base.prompts);
  for (const h of heads) {
    const p = h.kind === 'prompt-regression' ? byFile.get(h.file) : undefined;
    if (p) out.set(h.id, p);
  }
  return out;
}

/** Ids must be unique within the adapted pack; a site name becomes a readable, id-safe slug. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'site';
}
