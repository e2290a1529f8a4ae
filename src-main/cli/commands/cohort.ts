import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { bundledModelsDir } from '../../core/app-paths';
import { cohortMetrics } from '../../core/cohort/cohort-metrics';
import { COHORT_DB_FILE } from '../../core/cohort/db';
import { exportCsvLines } from '../../core/cohort/export';
import type { FileSource } from '../../core/cohort/file-source';
import { CohortJobs, shardedLauncher, workerLauncher } from '../../core/cohort/jobs';
import { importLabelsFile, joinLabels } from '../../core/cohort/labels';
import { parseShardSpec, shardDbPath, shardLabel } from '../../core/cohort/shard';
import { runScoreJob } from '../../core/cohort/run-job';
import { ScoringControl } from '../../core/cohort/scorer';
import { CohortStore } from '../../core/cohort/store';
import { CoreError, toErrorValue } from '../../core/errors';
import { LABEL_DATE_FORMATS } from '../../core/cohort/label-dates';
import { PackManager } from '../../core/model/pack/manager';
import { UsageError, parseArgs, stringFlag } from '../args';
import { cliDataDir, type CliCommand, type CliIo } from '../types';
import { FolderHints } from '../../core/files/folder-hints';
import { ADAPT_FLAGS, ADAPT_HELP, ADAPT_USAGE, adaptCommand } from './cohort-adapt';
import { metricsText } from './cohort-metrics-text';
import { COHORT_REPORT_HELP, COHORT_REPORT_USAGE, cohortReport } from './cohort-report';
import { REPORT_FLAGS } from './report-flags';
import { progressPrinter, progressText } from './cohort-progress';
import { engineFlags, joinAndReport, mergeCommand, recordShardModel } from './cohort-shards';
import { labelDateFormatFlag } from './label-date-flag';
import { READER_HINT_FLAGS, readerHintFlags } from './reader-hint-flags';

const USAGE = `Usage: echoing-ecg cohort score <folder|file-list.txt> [--db FILE] [--labels CSV [--date-format FMT]] [--model DIR] [--cohort NAME]
                                 [--shard K/N|auto|auto/N] [--ep auto|cpu|cuda|webgpu] [--threads N] [--batch N] [--json]
                                 [--rate Hz] [--uv-per-unit X]
       echoing-ecg cohort merge [--db TARGET] [--labels CSV [--date-format FMT]] [--cohort NAME] [--json] SHARD.db...
       echoing-ecg cohort metrics [--db FILE] [--cohort NAME] [--json]
       echoing-ecg cohort export [--db FILE] --out CSV [--deidentify] [--salt TEXT] [--cohort NAME] [--json]
${COHORT_REPORT_USAGE}
${ADAPT_USAGE}

Batch triage of many ECGs into a cohort database (SQLite).
  score     Reads every ECG under a folder (recursively) or listed in a text file (one path a line), scores
            it with the model pack and stores the result keyed by file content and model version: a re-run,
            or a run after a crash or Ctrl-C, skips what is already scored. Unreadable files are recorded
            with their error code. --labels joins an echo labels CSV (file, accession, or patient_id +
            echo_date; lvef or label) and reports what did not join.
            --shard K/N scores only the K-th of N parts of the input, chosen by each file's content hash (the
            same parts whatever the listing, the folder's place or the machine), into its own database
            <db>.shard-K-of-N.db. --shard auto takes K and N from a Slurm array task, or from a Kubernetes
            Indexed Job (JOB_COMPLETION_INDEX) with N given as auto/N. Labels then go to merge.
  merge     Merges shard databases into TARGET: keyed by content hash and model version (merging twice adds
            nothing), refusing shards scored with another model pack, reporting per shard what was added,
            skipped and failed, and copying each shard's audit entries with their shard of origin. --labels
            imports echo labels into the merged cohort; labels already there are joined again.
  metrics   AUROC (bootstrap 95 % interval), sensitivity, specificity, PPV, NPV, balanced accuracy, calibration,
            accuracy against coverage and the low/high-uncertainty split, on the labelled ECGs.
  export    One CSV row per ECG with REDCap-ready column names. --deidentify drops file names, identifiers,
            dates (year kept) and notes, and replaces the record id by a salted hash (--salt to link exports).
${COHORT_REPORT_HELP}
${ADAPT_HELP}
Options:
  --db FILE        Cohort database (default: cohorts.db in the data folder, the one the app opens; see
                   --data-dir in \`echoing-ecg --help\`)
  --cohort NAME    Cohort in the database (default: the only one; score creates "cohort" when none)
  --model DIR      Model pack folder (default: the active bundled pack)
  --date-format F  How the labels sheet writes echo dates: ${LABEL_DATE_FORMATS.join(', ')}
                   (default YYYY-MM-DD; other dates are reported by line, never guessed)
  --json           Print the outcome as one JSON object on stdout (progress stays on stderr)
  --rate, --uv-per-unit  score: sample rate and units of files that do not state them (headerless CSV); without
                   them, the rate and units the app remembers for a file's folder (set when a CSV is opened there)
  --batch N        ECGs per model call and per committed transaction (default 16 on the CPU, 64 on a GPU)
  --ep NAME        Execution provider (default auto: CUDA or WebGPU when one works, else the CPU)
  --threads N      onnxruntime threads (default 1: the scoring pipeline supplies the parallelism; on a
                   cluster, the task's CPUs, e.g. $SLURM_CPUS_PER_TASK)
  --workers N      Scoring threads, each taking every N-th file (default 1: the model runtime already
                   spreads its own work; more can help on machines with many cores)
Exit codes:
  0  done: score finished with at least one ECG scored (now or in an earlier run; files that could not be
     read or scored are recorded with their code); metrics, export and report wrote their output
  1  failure: a coded error, a cancelled or failed run, or score finished with no ECG scored at all
  2  usage mistake
`;

const SPEC = {
  ...REPORT_FLAGS, queue: { type: 'string' },
  db: { type: 'string' }, labels: { type: 'string' }, model: { type: 'string' }, cohort: { type: 'string' },
  json: { type: 'boolean' }, out: { type: 'string' }, deidentify: { type: 'boolean' }, salt: { type: 'string' },
  batch: { type: 'string' }, workers: { type: 'string' }, shard: { type: 'string' }, ep: { type: 'string' }, threads: { type: 'string' },
  'date-format': { type: 'string' }, ...READER_HINT_FLAGS,
  ...ADAPT_FLAGS,
} as const;

const ACTOR = 'cli';

/** The scoring worker entry: built next to this bundle, or the TypeScript source when run through tsx. */
function scoringWorker() {
  for (const built of [join(__dirname, 'cohort-worker.js'), join(__dirname, '..', 'cohort-worker.js')]) {
    if (existsSync(built)) return workerLauncher(built);
  }
  return workerLauncher(join(__dirname, '../../core/cohort/score-worker.ts'));
}

async function packDir(dir: string | undefined, io: CliIo): Promise<string> {
  if (dir) return resolve(dir);
  const mgr = new PackManager({ bundledModelsDir: bundledModelsDir(), dataDir: cliDataDir(io) });
  const active = (await mgr.list()).find((p) => p.active && !p.error);
  if (!active) throw new CoreError('PACK_NOT_FOUND', 'No usable model pack was found; pass --model DIR.');
  return active.dir;
}

/** The pack whose embeddings a cohort holds: --model DIR, else the installed pack with the cohort's model id and version. */
async function adaptBasePack(dir: string | undefined, id: string, version: string, io: CliIo): Promise<string> {
  if (dir) return resolve(dir);
  const mgr = new PackManager({ bundledModelsDir: bundledModelsDir(), dataDir: cliDataDir(io) });
  const hit = (await mgr.list()).find((p) => p.id === id && p.version === version && !p.error);
  if (!hit) throw new CoreError('ADAPT_BASE_MISMATCH', `The pack that scored this cohort (${id} ${version}) is not installed: pass it with --model DIR.`);
  return hit.dir;
}

/** The cohort a command addresses: --cohort by name, else the database's only cohort. */
function pickCohort(store: CohortStore, name: string | undefined, create: boolean): number {
  if (name !== undefined) {
    if (create) return store.cohortByName(name, ACTOR).id;
    const hit = store.listCohorts().find((c) => c.name === name);
    if (!hit) throw new CoreError('COHORT_NOT_FOUND', `There is no cohort named "${name}" in this database.`);
    return hit.id;
  }
  const all = store.listCohorts();
  if (all.length === 1 && all[0]) return all[0].id;
  if (all.length === 0 && create) return store.createCohort('cohort', '', ACTOR).id;
  if (all.length === 0) throw new CoreError('COHORT_NOT_FOUND', 'This database has no cohort yet: run `cohort score` first.');
  throw new UsageError(`This database has ${all.length} cohorts: choose one with --cohort (${all.map((c) => c.name).join(', ')}).`);
}

/** --db, else the app's own database in the data folder (so what the CLI scores opens in the app). */
function needDb(flags: ReturnType<typeof parseArgs>, mustExist: boolean, io: CliIo): string {
  const db = stringFlag(flags, 'db') ?? join(cliDataDir(io), COHORT_DB_FILE);
  if (mustExist && !existsSync(db)) throw new CoreError('FILE_NOT_FOUND', 'The cohort database does not exist.');
  return resolve(db);
}

async function score(args: ReturnType<typeof parseArgs>, io: CliIo): Promise<number> {
  const input = args.positionals[0];
  if (!input || args.positionals.length > 1) throw new UsageError('score takes one folder or one file list.');
  let dbPath = needDb(args, false, io);
  let isDir: boolean;
  try {
    isDir = statSync(input).isDirectory();
  } catch {
    throw new CoreError('FILE_NOT_FOUND', 'The folder or file list does not exist.');
  }
  const source: FileSource = isDir ? { kind: 'folder', path: resolve(input) } : { kind: 'list', path: resolve(input) };
  const batch = stringFlag(args, 'batch');
  const batchSize = batch === undefined ? undefined : Number(batch);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 256)) throw new UsageError('--batch takes a whole number from 1 to 256.');
  const engine = engineFlags(args);
  const dateFormat = labelDateFormatFlag(args);
  const modelDir = await packDir(stringFlag(args, 'model'), io);
  const shardFlag = stringFlag(args, 'shard');
  const shard = shardFlag === undefined ? undefined : parseShardSpec(shardFlag);
  // A shard holds a part of the files, so most labels could not join there: they are joined after the merge.
  if (shard && stringFlag(args, 'labels')) throw new UsageError('--labels goes to `cohort merge` when scoring in shards.');
  if (shard) {
    dbPath = shardDbPath(dbPath, shard);
    io.stderr(`shard ${shardLabel(shard)} -> ${basename(dbPath)}\n`);
  }
  const store = CohortStore.open(dbPath);
  let cohortId: number;
  let labels;
  try {
    if (shard) await recordShardModel(store, shard, modelDir);
    cohortId = pickCohort(store, stringFlag(args, 'cohort'), true);
    const labelsPath = stringFlag(args, 'labels');
    if (labelsPath) labels = importLabelsFile(store, cohortId, resolve(labelsPath), ACTOR, dateFormat);
    store.audit(ACTOR, 'import', 'cohort', cohortId, { source: source.kind, labels: labels !== undefined });
  } finally {
    store.close();
  }
  const workersFlag = stringFlag(args, 'workers');
  const workers = workersFlag === undefined ? 1 : Number(workersFlag);
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) throw new UsageError('--workers takes a whole number from 1 to 16.');
  if (shard && workers > 1) throw new UsageError('--shard runs one scorer: give the cluster more shards rather than --workers.');
  // Headerless files: the rate and units given here, else those the app remembers for their folder.
  const given = readerHintFlags(args);
  const readerHints = given ? { all: given } : { byFolder: await new FolderHints(cliDataDir(io)).all() };
  const base = { dbPath, cohortId, source, modelDir, batchSize, readerHints, ...engine, ...(shard ? { shard } : {}) };
  let end;
  if (workers === 1) {
    // One scorer in this process: no worker threads at all.
    const control = new ScoringControl();
    const onSignal = () => control.cancel();
    process.once('SIGINT', onSignal);
    try {
      end = await runScoreJob({ jobId: 'cli', ...base }, control, progressPrinter(io), (e) => {
        // Cluster logs say where each task ran and why not on a GPU (e.g. a node without the CUDA libraries).
        io.stderr(`execution provider: ${e.executionProvider}${e.fallbacks.map((f) => `; ${f.provider} skipped: ${f.reason}`).join('')}\n`);
      });
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  } else {
    const jobs = new CohortJobs(shardedLauncher(scoringWorker(), workers));
    const started = jobs.start(base, progressPrinter(io));
    // Ctrl-C: every worker stops after its current batch, which is committed.
    const onSignal = () => jobs.cancel(started.jobId);
    process.once('SIGINT', onSignal);
    try {
      end = await started.done;
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  }
  const after = CohortStore.open(dbPath);
  let joined;
  let scoredInCohort: number;
  try {
    after.audit(ACTOR, 'import-end', 'cohort', cohortId, { state: end.state, scored: end.scored, failed: end.failed, skipped: end.skipped });
    if (args.flags.json === true) {
      const hasLabels = after.db.prepare('SELECT 1 FROM labels WHERE cohort_id = ? LIMIT 1').get(cohortId) !== undefined;
      if (hasLabels) joined = { ...joinLabels(after, cohortId), invalidRows: labels?.invalidRows ?? [] };
    } else {
      io.stdout(`${progressText(end)}\n`);
      joinAndReport(after, cohortId, labels, io);
    }
    scoredInCohort = after.summary(cohortId).scored;
  } finally {
    after.close();
  }
  // Nothing could be scored (every file failed, or none was found): a failure, whatever the run's state.
  const ok = end.state === 'done' && scoredInCohort > 0;
  if (args.flags.json === true) {
    io.stdout(`${JSON.stringify({ ok, ...end, scoredInCohort, ...(joined ? { labels: joined } : {}) }, null, 2)}\n`);
  } else if (!ok && end.state === 'done') {
    io.stdout('No ECG could be scored: see the recorded errors (cohort export lists them).\n');
  }
  return ok ? 0 : 1;
}

function merge(args: ReturnType<typeof parseArgs>, io: CliIo): number {
  return mergeCommand(args, io, needDb(args, false, io), (store, create) => pickCohort(store, stringFlag(args, 'cohort'), create));
}

/** An existing database and the cohort the command names (the store is closed again if the cohort is not there). */
function openExisting(args: ReturnType<typeof parseArgs>, io: CliIo): { store: CohortStore; cohortId: number } {
  const store = CohortStore.open(needDb(args, true, io));
  try {
    return { store, cohortId: pickCohort(store, stringFlag(args, 'cohort'), false) };
  } catch (error) {
    store.close();
    throw error;
  }
}

function metrics(args: ReturnType<typeof parseArgs>, io: CliIo): number {
  const store = CohortStore.open(needDb(args, true, io));
  try {
    const m = cohortMetrics(store, pickCohort(store, stringFlag(args, 'cohort'), false));
    io.stdout(args.flags.json ? `${JSON.stringify(m, null, 2)}\n` : metricsText(m));
    return 0;
  } finally {
    store.close();
  }
}

function exportCmd(args: ReturnType<typeof parseArgs>, io: CliIo): number {
  const out = stringFlag(args, 'out');
  if (!out) throw new UsageError('--out CSV is required.');
  const store = CohortStore.open(needDb(args, true, io));
  try {
    const cohortId = pickCohort(store, stringFlag(args, 'cohort'), false);
    const deidentify = args.flags.deidentify === true;
    const lines = [...exportCsvLines(store, cohortId, { deidentify, salt: stringFlag(args, 'salt') })];
    writeFileSync(resolve(out), `${lines.join('\r\n')}\r\n`);
    store.audit(ACTOR, 'export', 'cohort', cohortId, { rows: lines.length - 1, deidentified: deidentify });
    if (args.flags.json === true) io.stdout(`${JSON.stringify({ ok: true, rows: lines.length - 1, deidentified: deidentify, out: resolve(out) })}\n`);
    else io.stdout(`wrote ${lines.length - 1} rows${deidentify ? ' (de-identified)' : ''}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** `echoing-ecg cohort score|metrics|export`. */
export const command: CliCommand = {
  name: 'cohort',
  summary: 'Score a folder of ECGs into a cohort database (or one shard of it); merge shards; metrics against echo labels; REDCap-ready export; PDFs; site adaptation',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, SPEC);
    try {
      switch (sub) {
        case 'score':
          return await score(args, io);
        case 'merge':
          return merge(args, io);
        case 'metrics':
          return metrics(args, io);
        case 'export':
          return exportCmd(args, io);
        case 'report':
          return await cohortReport(args, io, () => openExisting(args, io));
        case 'adapt':
          return await adaptCommand(args, io, {
            dbPath: needDb(args, true, io),
            pickCohort: (store, name) => pickCohort(store, name, false),
            basePackDir: (id, version) => adaptBasePack(stringFlag(args, 'model'), id, version, io),
          });
        default:
          throw new UsageError(sub ? `Unknown cohort command "${sub}".` : 'Say what to do: score, merge, metrics, export, report or adapt.');
      }
    } catch (error) {
      // With --json a coded failure is JSON on stdout too (a script reads one shape); usage mistakes stay text.
      if (args.flags.json !== true || error instanceof UsageError) throw error;
      io.stdout(`${JSON.stringify({ ok: false, error: toErrorValue(error) })}\n`);
      return 1;
    }
  },
};
