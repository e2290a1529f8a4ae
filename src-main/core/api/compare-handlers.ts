import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { compareChannels, PriorCandidate } from '../../contract/compare';
import { COHORT_DB_FILE } from '../cohort/db';
import { fileMetaOf } from '../cohort/prediction-row';
import { ecgBeats } from '../compare/beats';
import { priorCandidates } from '../compare/candidates';
import { rememberingDescriber } from '../compare/describe';
import { dicomInstanceUid } from '../compare/identity';
import { cohortSource, folderSource, type PriorSource, recentSource } from '../compare/prior-sources';
import { isInsideRoots } from '../files/paths';
import type { RecentFiles } from '../files/recent-files';
import type { CoreDeps } from './deps';
import { confinedReader } from './read-roots';
import type { PartialHandlerMap } from './types';

/**
 * Comparison channels. `extraSources` appends sources to the built-in ones (same folder, recent files, the
 * cohort database): the PACS query by patient ID (pacs-prior-source.ts) plugs in here.
 */
export function createCompareHandlers(
  deps: CoreDeps,
  recent: RecentFiles,
  extraSources: PriorSource[] = [],
): PartialHandlerMap<keyof typeof compareChannels> {
  const allowed = async (path: string) => !deps.browseRoots || (await isInsideRoots(deps.browseRoots, path));
  // Every read re-checks the roots (issue 11): a file may have become a link out of them since its token.
  const read = confinedReader(deps);
  const sources: PriorSource[] = [
    folderSource(allowed),
    recentSource(recent, allowed),
    cohortSource(join(deps.dataDir, COHORT_DB_FILE), allowed),
    ...extraSources,
  ];
  // The chooser asks twice (local sources at once, then with the PACS): files read once are not read again.
  const describe = rememberingDescriber(read);
  return {
    'compare:candidates': async ({ token, include }) => {
      const path = deps.files.resolve(token, 'file');
      const meta = fileMetaOf(await read(path));
      const sopInstanceUid = meta.format === 'dicom' ? await dicomInstanceUid(path) : null;
      const found = await priorCandidates(
        { path, patientId: meta.patientId, acquisitionTime: meta.acquisitionTime, sopInstanceUid },
        sources,
        { include, describe },
      );
      const candidates: PriorCandidate[] = [];
      for (const c of found.candidates) {
        const { path: p, ...rest } = c;
        if (p === null) {
          candidates.push({ file: null, ...rest });
          continue;
        }
        const size = await stat(p).then((s) => s.size).catch(() => undefined);
        if (size === undefined) continue;
        candidates.push({ file: deps.files.handOut(p, 'file', size), ...rest });
      }
      return { candidates, notices: found.notices, pending: found.pending };
    },
    'compare:beats': async ({ token }) => ecgBeats(await read(deps.files.resolve(token, 'file'))),
  };
}
