import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { compareChannels, PriorCandidate } from '../../contract/compare';
import { COHORT_DB_FILE } from '../cohort/db';
import { fileMetaOf } from '../cohort/prediction-row';
import { ecgBeats } from '../compare/beats';
import { priorCandidates } from '../compare/candidates';
import { cohortSource, folderSource, type PriorSource, recentSource } from '../compare/prior-sources';
import { readEcgFile } from '../ecg/index';
import { isInsideRoots } from '../files/paths';
import type { RecentFiles } from '../files/recent-files';
import type { CoreDeps } from './deps';
import { confinedRead } from './read-roots';
import type { PartialHandlerMap } from './types';

/**
 * Comparison channels. `extraSources` appends sources to the built-in ones (same folder, recent files, the
 * cohort database): a PACS query by patient ID plugs in here without touching the rest.
 */
export function createCompareHandlers(
  deps: CoreDeps,
  recent: RecentFiles,
  extraSources: PriorSource[] = [],
): PartialHandlerMap<keyof typeof compareChannels> {
  const allowed = async (path: string) => !deps.browseRoots || (await isInsideRoots(deps.browseRoots, path));
  // Every read re-checks the roots (issue 11): a file may have become a link out of them since its token.
  const read = (path: string) => readEcgFile(path, confinedRead(deps));
  const sources: PriorSource[] = [
    folderSource(allowed),
    recentSource(recent, allowed),
    cohortSource(join(deps.dataDir, COHORT_DB_FILE), allowed),
    ...extraSources,
  ];
  return {
    'compare:candidates': async ({ token }) => {
      const path = deps.files.resolve(token, 'file');
      const meta = fileMetaOf(await read(path));
      const found = await priorCandidates({ path, patientId: meta.patientId, acquisitionTime: meta.acquisitionTime }, sources, read);
      const out: PriorCandidate[] = [];
      for (const c of found) {
        const size = await stat(c.path).then((s) => s.size).catch(() => undefined);
        if (size === undefined) continue;
        const { path: p, ...rest } = c;
        out.push({ file: deps.files.handOut(p, 'file', size), ...rest });
      }
      return out;
    },
    'compare:beats': async ({ token }) => ecgBeats(await read(deps.files.resolve(token, 'file'))),
  };
}
