import { existsSync, statSync } from 'node:fs';
import { availableParallelism, userInfo } from 'node:os';
import { join } from 'node:path';
import type { cohortChannels } from '../../contract/cohort';
import { cohortMetrics } from '../cohort/cohort-metrics';
import { COHORT_DB_FILE } from '../cohort/db';
import { exportCsv } from '../cohort/export';
import type { FileSource } from '../cohort/file-source';
import { CohortJobs, inProcessLauncher, type JobLauncher, shardedLauncher, workerLauncher } from '../cohort/jobs';
import { importLabelsFile, joinLabels } from '../cohort/labels';
import { queryRows, storedPrediction, worklistCounts } from '../cohort/queries';
import { CohortStore } from '../cohort/store';
import type { JobProgress } from '../cohort/types';
import { CoreError } from '../errors';
import { PackManager } from '../model/index';
import { readManifest } from '../model/pack/load';
import type { CoreDeps } from './deps';
import { FolderHints } from '../files/folder-hints';
import { confinedRead } from './read-roots';
import type { PartialHandlerMap } from './types';

export interface CohortHandlerOptions {
  /** Where scoring runs (default: a worker thread on the built cohort-worker.js). */
  launcher?: JobLauncher;
  /** Database file (default <dataDir>/cohorts.db). */
  dbPath?: string;
  /** A test engine module for scoring instead of the pack runtime (tests only; see ScoreJobSpec). */
  modelModule?: string;
}

/**
 * A worker thread on the entry next to the bundle when built (the TypeScript source via tsx in development).
 * `workers` > 1 splits each import over several threads (every n-th file each); on the 2-core build machine
 * two gave no gain over one (the model runtime already spreads its work), so one is the default.
 */
export function defaultCohortLauncher(workers = Number(process.env.ECHOING_COHORT_WORKERS ?? 1)): JobLauncher {
  workers = Number.isInteger(workers) ? Math.max(1, Math.min(availableParallelism(), workers)) : 1;
  // The bundler may place this code in out/main/chunks/, one level below the worker entry.
  for (const built of [join(__dirname, 'cohort-worker.js'), join(__dirname, '..', 'cohort-worker.js')]) {
    if (existsSync(built)) return shardedLauncher(workerLauncher(built), workers);
  }
  const source = join(__dirname, '../cohort/score-worker.ts');
  if (existsSync(source)) return shardedLauncher(workerLauncher(source), workers);
  return inProcessLauncher;
}

function actor(): string {
  try {
    return userInfo().username || 'local-user';
  } catch {
    return 'local-user';
  }
}

/** Cohort channels: store, batch scoring jobs, worklist, overread, metrics, export. */
export function createCohortHandlers(
  deps: CoreDeps,
  options: CohortHandlerOptions = {},
): PartialHandlerMap<keyof typeof cohortChannels> {
  const dbPath = options.dbPath ?? join(deps.dataDir, COHORT_DB_FILE);
  let opened: CohortStore | undefined;
  const store = () => (opened ??= CohortStore.open(dbPath));
  let launcher: JobLauncher | undefined = options.launcher;
  const jobs = new CohortJobs((spec, onProgress) => (launcher ??= defaultCohortLauncher())(spec, onProgress));
  const packs = new PackManager({ bundledModelsDir: deps.bundledModelsDir, dataDir: deps.dataDir });

  const modelDir = async (modelId: string | undefined): Promise<string> => {
    if (options.modelModule) return '';
    const list = await packs.list();
    const pack = modelId ? list.find((p) => p.id === modelId) : (list.find((p) => p.active) ?? list.find((p) => !p.error));
    if (!pack) throw new CoreError('PACK_NOT_FOUND', 'No model pack is installed to score this cohort with.');
    if (pack.error) throw new CoreError(pack.error.code, pack.error.message);
    return pack.dir;
  };

  return {
    'cohort:list': () => store().listCohorts(),
    'cohort:create': (r) => store().createCohort(r.name, r.description, actor()),
    'cohort:import': async (r, ctx) => {
      const s = store();
      s.cohort(r.cohortId);
      let source: FileSource;
      if (r.folderToken !== undefined) source = { kind: 'folder', path: deps.files.resolve(r.folderToken, 'folder') };
      else source = { kind: 'files', paths: (r.fileTokens ?? []).map((t) => deps.files.resolve(t, 'file')) };
      const labels = r.labelsToken === undefined ? undefined : importLabelsFile(s, r.cohortId, deps.files.resolve(r.labelsToken, 'file'), actor(), r.dateFormat);
      const dir = await modelDir(r.modelId);
      s.audit(actor(), 'import', 'cohort', r.cohortId, { source: source.kind, labels: labels !== undefined });
      const { jobId } = jobs.start(
        {
          dbPath, cohortId: r.cohortId, source, modelDir: dir, modelModule: options.modelModule, ...confinedRead(deps),
          // CSV exports score as the review reads them: with the rate and units remembered for their folder.
          readerHints: { byFolder: await new FolderHints(deps.dataDir).all() },
        },
        (p) => ctx.emit('cohort:progress', p),
        (p): JobProgress => {
          s.audit(actor(), 'import-end', 'cohort', r.cohortId, { state: p.state, scored: p.scored, failed: p.failed, skipped: p.skipped });
          const hasLabels = (s.db.prepare('SELECT 1 FROM labels WHERE cohort_id = ? LIMIT 1').get(r.cohortId)) !== undefined;
          if (!hasLabels) return p;
          const report = joinLabels(s, r.cohortId);
          return { ...p, labels: { ...report, invalidRows: labels?.invalidRows ?? [] } };
        },
      );
      return { jobId };
    },
    'cohort:rescore': async (r, ctx) => {
      const s = store();
      const c = s.cohort(r.cohortId);
      // Scored before embeddings were kept (cohort migration 2): scoring them again adds the embedding.
      const paths = (
        s.db
          .prepare(
            `SELECT f.path FROM ecg_files f JOIN predictions p ON p.sha256 = f.sha256 AND p.model_id = ? AND p.model_version = ?
             WHERE f.cohort_id = ? AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.sha256 = f.sha256 AND e.model_id = p.model_id AND e.model_version = p.model_version)
             ORDER BY f.id`,
          )
          .all(c.model_id, c.model_version, r.cohortId) as { path: string }[]
      ).map((x) => x.path);
      if (paths.length === 0) return { jobId: null, files: 0 };
      const pack = (await packs.list()).find((p) => p.id === c.model_id && p.version === c.model_version);
      if (!options.modelModule && (!pack || pack.error)) throw new CoreError('PACK_NOT_FOUND', 'The pack that scored this cohort is not installed.');
      s.audit(actor(), 'rescore', 'cohort', r.cohortId, { files: paths.length });
      const { jobId } = jobs.start(
        { dbPath, cohortId: r.cohortId, source: { kind: 'files', paths }, modelDir: options.modelModule ? '' : (pack?.dir ?? ''), modelModule: options.modelModule },
        (p) => ctx.emit('cohort:progress', p),
      );
      return { jobId, files: paths.length };
    },
    'cohort:pause': (r) => {
      jobs.pause(r.jobId);
      return jobs.progress(r.jobId);
    },
    'cohort:resume': (r) => {
      jobs.resume(r.jobId);
      return jobs.progress(r.jobId);
    },
    'cohort:cancel': (r) => {
      jobs.cancel(r.jobId);
      return jobs.progress(r.jobId);
    },
    'cohort:jobs': (r) => jobs.list(r.cohortId),
    'cohort:labels': (r) => {
      const s = store();
      const parsed = importLabelsFile(s, r.cohortId, deps.files.resolve(r.labelsToken, 'file'), actor(), r.dateFormat);
      return { ...joinLabels(s, r.cohortId), invalidRows: parsed.invalidRows };
    },
    'cohort:rows': (r) => queryRows(store(), r),
    'cohort:worklist': (r) => {
      const s = store();
      const page = queryRows(s, {
        cohortId: r.cohortId, sort: r.sort, direction: r.direction, offset: r.offset, limit: r.limit,
        filter: { queue: r.queue, status: 'scored', ...(r.includeReviewed ? {} : { overread: 'none' as const }) },
      });
      return { counts: worklistCounts(s, r.cohortId), page };
    },
    'cohort:overread': (r) => {
      store().recordOverread(r.fileId, r.reviewer, r.verdict, r.note);
      return { verdict: r.verdict, reviewer: r.reviewer, note: r.note, at: new Date().toISOString() };
    },
    'cohort:prediction': async (r) => {
      const p = storedPrediction(store(), r.fileId);
      if (!p) return null;
      const pack = (await packs.list()).find((x) => x.id === p.modelId && x.version === p.modelVersion && !x.error);
      const manifest = pack ? await readManifest(pack.dir).catch(() => undefined) : undefined;
      const model = pack
        ? { id: pack.id, name: pack.name, version: pack.version, clinical: pack.clinical, clinicalUseStatement: pack.clinicalUseStatement, licence: pack.licence }
        : {
            id: p.modelId, name: p.modelId, version: p.modelVersion, clinical: false, licence: '',
            clinicalUseStatement: 'The model pack that scored this cohort is not installed: its intended use cannot be shown.',
          };
      return {
        ...p,
        model,
        packInstalled: pack !== undefined,
        splitPercentile: manifest?.uncertainty.splitPercentile ?? null,
        abstainPercentile: manifest?.uncertainty.abstainPercentile ?? null,
      };
    },
    'cohort:open-file': (r) => {
      const path = store().filePath(r.fileId);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        throw new CoreError('FILE_NOT_FOUND', 'This ECG file is no longer where it was imported from.');
      }
      return deps.files.handOut(path, 'file', size);
    },
    'cohort:metrics': (r) => cohortMetrics(store(), r.cohortId, { splitPercentile: r.splitPercentile, seed: r.seed }),
    'cohort:export': (r) => exportCsv(store(), r.cohortId, actor(), { deidentify: r.deidentify, salt: r.salt }),
  };
}
