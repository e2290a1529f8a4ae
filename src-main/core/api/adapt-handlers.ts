import { join } from 'node:path';
import type { adaptChannels } from '../../contract/adapt';
import type { PackInfoDto } from '../../contract/model';
import { adaptTargets } from '../adapt/dataset';
import { type AdaptLauncher, AdaptJobs, defaultAdaptLauncher } from '../adapt/jobs';
import { adaptedPackId, writeAdaptedPack } from '../adapt/pack-writer';
import { COHORT_DB_FILE } from '../cohort/db';
import { CohortStore } from '../cohort/store';
import { CoreError } from '../errors';
import { loadPackData } from '../model/pack/load';
import { PackManager } from '../model/pack/manager';
import type { CoreDeps } from './deps';
import type { PartialHandlerMap } from './types';
import { APP_NAME, APP_VERSION } from './version';

export interface AdaptHandlerOptions {
  /** Where adaptations run (default: a worker thread on the built adapt-worker.js). */
  launcher?: AdaptLauncher;
  /** Database file (default <dataDir>/cohorts.db, the cohort handlers' one). */
  dbPath?: string;
}

/** Site adaptation channels: targets, run with progress and cancel, report, save as a pack. */
export function createAdaptHandlers(deps: CoreDeps, options: AdaptHandlerOptions = {}): PartialHandlerMap<keyof typeof adaptChannels> {
  const dbPath = options.dbPath ?? join(deps.dataDir, COHORT_DB_FILE);
  let opened: CohortStore | undefined;
  const store = () => (opened ??= CohortStore.open(dbPath));
  let launcher = options.launcher;
  const jobs = new AdaptJobs((spec, onProgress) => (launcher ??= defaultAdaptLauncher())(spec, onProgress));
  const packs = new PackManager({ bundledModelsDir: deps.bundledModelsDir, dataDir: deps.dataDir });

  /** The installed pack that scored the cohort: its embeddings belong to that pack. */
  const basePackDir = async (cohortId: number): Promise<string> => {
    const c = store().cohort(cohortId);
    if (c.model_id === null) throw new CoreError('ADAPT_NO_EMBEDDINGS', 'This cohort has not been scored yet: score it, then adapt.');
    const pack = (await packs.list()).find((p) => p.id === c.model_id && p.version === c.model_version);
    if (!pack) throw new CoreError('ADAPT_BASE_MISMATCH', `The pack that scored this cohort (${c.model_id} ${c.model_version}) is not installed.`);
    if (pack.error) throw new CoreError(pack.error.code, pack.error.message);
    return pack.dir;
  };

  return {
    'adapt:targets': (r) => adaptTargets(store(), r.cohortId),
    'adapt:start': async (r, ctx) => {
      const dir = await basePackDir(r.cohortId);
      const { jobId } = jobs.start(
        { dbPath, cohortId: r.cohortId, basePackDir: dir, options: { target: r.target, methods: r.methods, testFraction: r.testFraction, seed: r.seed, site: r.site } },
        (p) => ctx.emit('adapt:progress', p),
      );
      return { jobId };
    },
    'adapt:cancel': (r) => ({ cancelled: jobs.cancel(r.jobId) }),
    'adapt:result': (r) => jobs.outcome(r.jobId).outcome.report,
    'adapt:save': async (r) => {
      const { outcome, spec } = jobs.outcome(r.jobId);
      const base = await loadPackData(spec.basePackDir);
      const id = adaptedPackId(base.manifest.id, outcome.report.site);
      if ((await packs.list()).some((p) => p.id === id)) {
        throw new CoreError('BAD_REQUEST', `A model pack "${id}" is already installed: choose another site name.`);
      }
      const saved = await writeAdaptedPack(base, outcome, join(packs.userModelsDir, id), `${APP_NAME} ${APP_VERSION}`);
      const listed = (await packs.list()).find((p) => p.id === saved.manifest.id);
      if (!listed) throw new CoreError('INTERNAL', 'The saved pack is not listed.');
      const { dir: _dir, ...dto } = listed;
      return dto satisfies PackInfoDto;
    },
  };
}
