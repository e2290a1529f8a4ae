/**
 * `echoing-ecg cohort adapt`: adapts the pack that scored a cohort to the cohort's labels (issue 16), prints
 * the held-out validation report (JSON with --json) and saves the adapted model pack to --out.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeAdaptedPack } from '../../core/adapt/pack-writer';
import { runAdaptJob } from '../../core/adapt/run-adapt';
import { ADAPT_METHODS, type AdaptMethod, type AdaptationReport, type HeadEvaluation } from '../../core/adapt/types';
import { APP_NAME, APP_VERSION } from '../../core/api/version';
import { csvLine } from '../../core/cohort/csv';
import { CohortStore } from '../../core/cohort/store';
import { CoreError } from '../../core/errors';
import { loadPackData } from '../../core/model/pack/load';
import { type ParsedArgs, UsageError, stringFlag } from '../args';
import type { CliIo } from '../types';

export const ADAPT_USAGE = `       echoing-ecg cohort adapt [--db FILE] --target COLUMN [--below VALUE | --above VALUE] --out PACKDIR
                                [--name SITE] [--methods recalibrate,fewshot,knn] [--test-fraction 0.3] [--seed N]
                                [--folds 5] [--model DIR] [--cohort NAME] [--predictions CSV] [--json]`;

export const ADAPT_HELP = `  adapt     Adapts the pack that scored the cohort to the cohort's own labels: recalibration of its heads,
            few-shot heads on the stored embeddings, a site kNN head. Fitted on a training part only; the
            report compares base and adapted heads on a held-out part split by patient (AUROC with bootstrap
            interval, balanced accuracy, Brier, calibration slope and intercept, ECE; MAE and interval coverage
            for a continuous target; low/high-uncertainty halves; learning curve). Saves the adapted pack to
            --out. --target names a label column (lvef, lvedv, a column of your labels sheet); --below or
            --above makes a continuous column binary (e.g. --target lvef --below 40). --predictions writes the
            held-out part's per-ECG outputs (content hash, truth, each head).`;

export const ADAPT_FLAGS = {
  target: { type: 'string' }, below: { type: 'string' }, above: { type: 'string' }, name: { type: 'string' }, methods: { type: 'string' },
  'test-fraction': { type: 'string' }, seed: { type: 'string' }, folds: { type: 'string' }, predictions: { type: 'string' },
} as const;

function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number.`);
  return n;
}

function methodsFlag(args: ParsedArgs): AdaptMethod[] {
  const v = stringFlag(args, 'methods');
  if (v === undefined) return [...ADAPT_METHODS];
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of list) if (!(ADAPT_METHODS as readonly string[]).includes(m)) throw new UsageError(`Unknown method "${m}" (recalibrate, fewshot, knn).`);
  return list as AdaptMethod[];
}

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '--' : x.toFixed(d));

function evalRow(e: HeadEvaluation): string {
  if (e.binary) {
    const b = e.binary;
    const ci = b.aurocInterval ? ` (${f(b.aurocInterval.low)}-${f(b.aurocInterval.high)})` : '';
    return `| ${e.head} | ${e.method} | ${f(b.auroc)}${ci} | ${f(b.balancedAccuracy)} | ${f(b.brier, 4)} | ${f(b.calibrationSlope, 2)} | ${f(b.calibrationIntercept, 2)} | ${f(b.ece, 4)} | ${f(e.uncertaintySplit.low.balancedAccuracy)} / ${f(e.uncertaintySplit.high.balancedAccuracy)} |`;
  }
  const c = e.continuous as NonNullable<HeadEvaluation['continuous']>;
  return `| ${e.head} | ${e.method} | ${f(c.mae, 2)} | ${f(c.bias, 2)} | ${f(c.coverage)} | ${f(c.meanWidth, 1)} | ${f(c.call.balancedAccuracy)} | ${f(e.uncertaintySplit.low.mae, 2)} / ${f(e.uncertaintySplit.high.mae, 2)} |`;
}

/** The report as text: counts, the base-vs-adapted table, comparisons, learning curve, warnings. */
export function adaptReportText(r: AdaptationReport, packDir: string, packId: string): string {
  const binary = r.target.kind === 'binary';
  const c = r.counts;
  const header = binary
    ? ['| head | method | AUROC (95 % CI) | balanced acc. | Brier | cal. slope | cal. intercept | ECE | BA low / high unc. |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    : [`| head | method | MAE | bias | coverage (${r.adapted[0]?.continuous?.intervalLevel ?? ''}) | width | call BA | MAE low / high unc. |`, '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  const lc = r.learningCurve;
  return [
    `Site adaptation of ${r.basePack.id} ${r.basePack.version} for ${r.site}: target ${r.target.label} (${r.target.kind})`,
    `Cohort "${r.cohort.name}": ${c.used} labelled ECGs of ${c.patients} patients used (${c.missingEmbeddings} without a stored embedding left out)`,
    `Split by patient, stratified: training ${c.train.ecgs} ECGs / ${c.train.patients} patients${binary ? ` (${c.train.positives} positive)` : ''}; ` +
      `held-out test ${c.test.ecgs} ECGs / ${c.test.patients} patients${binary ? ` (${c.test.positives} positive)` : ''}; ${r.split.folds}-fold CV inside training; seed ${r.split.seed}`,
    '',
    'Held-out test part:',
    ...header,
    ...[...r.base, ...r.adapted].map(evalRow),
    '',
    ...r.comparisons.map(
      (k) => `${k.head} vs ${k.baseHead}: ${k.metric} ${f(k.adapted, 4)} vs ${f(k.base, 4)} (difference ${f(k.difference, 4)}${k.interval ? `, 95 % CI ${f(k.interval.low, 4)} to ${f(k.interval.high, 4)}` : ''})${k.better ? '' : '  NOT BETTER'}`,
    ),
    '',
    `Learning curve (${lc.metric} on the test part; base ${lc.base.map((b) => `${b.head} ${f(b.value, 4)}`).join(', ')}):`,
    ...lc.series.map((s) => `  ${s.head}: ${s.points.map((p) => `${p.size}: ${f(p.value, 4)}`).join('  ')}`),
    '',
    ...r.fitted.map((m) => `  ${m.head} (${m.method}): ${Object.entries(m.hyperParameters).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`).join(', ')}`),
    ...(r.warnings.length > 0 ? ['', 'Warnings:', ...r.warnings.map((w) => `  - ${w}`)] : []),
    '',
    `Saved model pack ${packId} to ${packDir}`,
    '',
  ].join('\n');
}

/** Runs the adaptation in this process (Ctrl-C cancels between folds), saves the pack and prints the report. */
export async function adaptCommand(
  args: ParsedArgs,
  io: CliIo,
  ctx: { dbPath: string; pickCohort: (store: CohortStore, name: string | undefined) => number; basePackDir: (modelId: string, modelVersion: string) => Promise<string> },
): Promise<number> {
  const column = stringFlag(args, 'target');
  if (!column) throw new UsageError('--target COLUMN is required.');
  const out = stringFlag(args, 'out');
  if (!out) throw new UsageError('--out PACKDIR is required.');
  const below = numberFlag(args, 'below');
  const above = numberFlag(args, 'above');
  if (below !== undefined && above !== undefined) throw new UsageError('Give --below or --above, not both.');
  const testFraction = numberFlag(args, 'test-fraction');
  const seed = numberFlag(args, 'seed');
  const folds = numberFlag(args, 'folds');
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed takes a whole number.');
  const store = CohortStore.open(ctx.dbPath);
  let cohortId: number;
  let model: { id: string | null; version: string | null; name: string };
  try {
    cohortId = ctx.pickCohort(store, stringFlag(args, 'cohort'));
    const c = store.cohort(cohortId);
    model = { id: c.model_id, version: c.model_version, name: c.name };
  } finally {
    store.close();
  }
  if (model.id === null || model.version === null) throw new CoreError('ADAPT_NO_EMBEDDINGS', 'This cohort has not been scored yet: run `cohort score` first.');
  const basePackDir = await ctx.basePackDir(model.id, model.version);
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  let lastShown = -1;
  let outcome;
  try {
    outcome = await runAdaptJob(
      {
        jobId: 'cli', dbPath: ctx.dbPath, cohortId, basePackDir,
        options: {
          target: { column, ...(below !== undefined ? { below } : {}), ...(above !== undefined ? { above } : {}) },
          methods: methodsFlag(args), testFraction, seed, folds, site: stringFlag(args, 'name') ?? model.name,
        },
      },
      ac.signal,
      (stage, fraction) => {
        const pct = Math.floor(fraction * 20) * 5;
        if (pct !== lastShown && io.isTTY) io.stderr(`${stage} ${pct} %\n`);
        lastShown = pct;
      },
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const saved = await writeAdaptedPack(await loadPackData(basePackDir), outcome, resolve(out), `${APP_NAME} ${APP_VERSION}`);
  const predictions = stringFlag(args, 'predictions');
  if (predictions) {
    const t = outcome.testPredictions;
    const lines = [csvLine(['sha256', 'truth', ...t.heads.flatMap((h) => [h.head, ...(h.intervals ? [`${h.head}_low`, `${h.head}_high`] : [])])])];
    t.sha256.forEach((sha, r) => {
      lines.push(csvLine([sha, String(t.truth[r]), ...t.heads.flatMap((h) => [String(h.values[r]), ...(h.intervals ? (h.intervals[r] as [number, number]).map(String) : [])])]));
    });
    writeFileSync(resolve(predictions), `${lines.join('\r\n')}\r\n`);
  }
  io.stdout(
    args.flags.json
      ? `${JSON.stringify({ pack: { id: saved.manifest.id, version: saved.manifest.version, dir: saved.dir }, report: outcome.report }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`
      : adaptReportText(outcome.report, saved.dir, saved.manifest.id),
  );
  return 0;
}
