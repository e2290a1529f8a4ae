import { RecentFiles } from '../files/recent-files';
import { createAdaptHandlers } from './adapt-handlers';
import { PackManager } from '../model/pack/manager';
import { createAppHandlers } from './app-handlers';
import { createCohortHandlers } from './cohort-handlers';
import { createCompareHandlers } from './compare-handlers';
import type { CoreDeps } from './deps';
import { createEcgHandlers } from './ecg-handlers';
import { createModelHandlers } from './model-handlers';
import { createReportHandlers } from './report-handlers';
import { createPacsHandlers } from './pacs-handlers';
import { pacsPriorSource } from './pacs-prior-source';
import type { HandlerMap } from './types';

/**
 * Every channel's handler, built once per process by the Electron main or the web host. The object literal is
 * typed as HandlerMap, so a channel added to the contract without a handler fails to compile.
 */
export function createCoreHandlers(deps: CoreDeps): HandlerMap {
  const recent = new RecentFiles(deps.dataDir);
  // One pack manager (one loaded model) for the model channels and the report's AI page.
  const packs = new PackManager({ bundledModelsDir: deps.bundledModelsDir, dataDir: deps.dataDir });
  const handlers: HandlerMap = {
    ...createAppHandlers(deps, recent),
    ...createEcgHandlers(deps, recent),
    ...createModelHandlers(deps, packs),
    ...createCohortHandlers(deps),
    ...createAdaptHandlers(deps),
    ...createReportHandlers(deps, packs),
    ...createPacsHandlers(deps),
    ...createCompareHandlers(deps, recent, [pacsPriorSource(deps)]),
  };
  return handlers;
}

export { dispatch, isChannelName } from './dispatch';
export type { CoreDeps } from './deps';
export type { HandlerContext, HandlerMap } from './types';
export { APP_NAME, APP_VERSION, CORE_VERSION } from './version';
