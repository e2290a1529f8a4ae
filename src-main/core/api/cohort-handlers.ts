import type { cohortChannels } from '../../contract/cohort';
import type { CoreDeps } from './deps';
import type { PartialHandlerMap } from './types';

/** Cohort channels. Owned by src-main/core/cohort/ (replace as channels are added). */
export function createCohortHandlers(_deps: CoreDeps): PartialHandlerMap<keyof typeof cohortChannels> {
  return {};
}
