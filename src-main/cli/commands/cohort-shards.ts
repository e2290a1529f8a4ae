import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { importLabelsFile, joinLabels, type ParsedLabels } from '../../core/cohort/labels';
import { mergeShards, type MergeReport } from '../../core/cohort/merge';
import { recordShard } from '../../core/cohort/shard';
import type { Shard } from '../../core/cohort/file-source';
import { CohortStore } from '../../core/cohort/store';
import { readManifest } from '../../core/model/pack/load';
import type { ExecutionProviderChoice } from '../../core/model/types';
import { UsageError, type parseArgs, stringFlag } from '../args';
import type { CliIo } from '../types';
import { labelDateFormatFlag } from './label-date-flag';

type Args = ReturnType<typeof parseArgs>;
const ACTOR = 'cli';
const PROVIDERS: readonly ExecutionProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'];

/** --ep and --threads of `cohort score`. */
export function engineFlags(args: Args): { executionProvider?: ExecutionProviderChoice; threads?: number } {
  const out: { executionProvider?: ExecutionProviderChoice; threads?: number } = {};
  const ep = stringFlag(args, 'ep');
  if (ep !== undefined) {
    if (!PROVIDERS.includes(ep as ExecutionProviderChoice)) throw new UsageError(`--ep takes one of ${PROVIDERS.join(', ')}.`);
    out.executionProvider = ep as ExecutionProviderChoice;
  }
  const threads = stringFlag(args, 'threads');
  if (threads !== undefined) {
    const n = Number(threads);
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError('--threads takes a whole number from 1 to 256.');
    out.threads = n;
  }
  return out;
}

/** Marks a shard database with its part and pack (the pack's network hash lets the merge tell packs apart). */
export async function recordShardModel(store: CohortStore, shard: Shard, modelDir: string): Promise<void> {
  const m = await readManifest(modelDir);
  const onnx = m.files.find((f) => f.path === 'model.onnx');
  recordShard(store.db, { index: shard.index, count: shard.count, modelId: m.id, modelVersion: m.version, modelSha256: onnx?.sha256 ?? null });
}

/** Joins the cohort's labels (when it has any) and prints what joined and what did not. */
export function joinAndReport(store: CohortStore, cohortId: number, labels: ParsedLabels | undefined, io: CliIo): void {
  const hasLabels = store.db.prepare('SELECT 1 FROM labels WHERE cohort_id = ? LIMIT 1').get(cohortId) !== undefined;
  if (!hasLabels) return;
  const r = joinLabels(store, cohortId);
  io.stdout(
    `labels: ${r.labelRows} rows; joined by file ${r.joined.byFile}, by accession ${r.joined.byAccession}, by patient+date ${r.joined.byPatientDate}; ` +
      `${r.unjoinedLabels.length} label rows did not join; ${r.filesWithoutLabel} ECGs have no label\n`,
  );
  for (const u of r.unjoinedLabels.slice(0, 20)) io.stdout(`  labels line ${u.row}: ${u.reason}\n`);
  for (const u of labels?.invalidRows.slice(0, 20) ?? []) io.stdout(`  labels line ${u.row}: invalid (${u.reason})\n`);
}

function mergeText(r: MergeReport): string {
  const lines = [`model: ${r.model ? `${r.model.id} ${r.model.version}` : 'none yet'}`];
  for (const s of r.shards) {
    const name = `${s.shard ? `shard ${s.shard} ` : ''}${s.source}`;
    if (s.status === 'refused') lines.push(`${name}: REFUSED ${s.reason?.code}: ${s.reason?.message}`);
    else {
      const extra = Object.entries(s.tables).filter(([t]) => t !== 'prediction_heads' && t !== 'scoring_errors').map(([t, n]) => `, ${t} ${n}`).join('');
      lines.push(`${name}: added ${s.added}, skipped ${s.skipped}, failed ${s.failed}, new files ${s.files}, audit entries ${s.auditCopied}${extra}`);
      if (s.notMerged.length > 0) lines.push(`  not merged (no rule for these tables): ${s.notMerged.join(', ')}`);
    }
  }
  if (r.missing.length > 0) lines.push(`not merged yet: shard${r.missing.length > 1 ? 's' : ''} ${r.missing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `cohort merge --db TARGET SHARD.db...`: merges, then imports --labels and joins labels on the merged cohort
 * (labels are never taken from shards). Exit 1 when a shard was refused (the others are merged).
 */
export function mergeCommand(args: Args, io: CliIo, target: string, pickCohort: (store: CohortStore, create: boolean) => number): number {
  const shards = args.positionals.map((p) => resolve(p));
  if (shards.length === 0) throw new UsageError('merge takes one or more shard databases after --db TARGET.');
  const store = CohortStore.open(target);
  try {
    const missing = shards.filter((p) => !existsSync(p));
    const report = mergeShards(store, shards.filter((p) => existsSync(p)), { actor: ACTOR, cohortName: stringFlag(args, 'cohort') });
    for (const p of missing) {
      report.shards.push({
        source: p.split('/').pop() ?? p, shard: null, status: 'refused', reason: { code: 'FILE_NOT_FOUND', message: 'The shard database does not exist.' },
        added: 0, skipped: 0, failed: 0, files: 0, auditCopied: 0, tables: {}, notMerged: [],
      });
    }
    const labelsPath = stringFlag(args, 'labels');
    const labels = labelsPath ? importLabelsFile(store, pickCohort(store, true), resolve(labelsPath), ACTOR, labelDateFormatFlag(args)) : undefined;
    const json = args.flags.json === true;
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : mergeText(report));
    // Labels join on the merged cohort as after any scoring run (in JSON mode without the text report).
    const quiet: CliIo = { ...io, stdout: () => undefined };
    for (const c of store.listCohorts()) joinAndReport(store, c.id, labels, json ? quiet : io);
    return report.shards.some((s) => s.status === 'refused') ? 1 : 0;
  } finally {
    store.close();
  }
}
