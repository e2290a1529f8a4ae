/**
 * The PACS as a source of prior ECGs (core/compare knows sources, not PACS nodes: the two domains meet here).
 * For an ECG that states a patient ID, the default node is queried by that ID (queries only: nothing is
 * retrieved to list suggestions); waveform instances already in the PACS cache are suggested as the local files
 * they are, the others as ECGs to retrieve when chosen. The ECG on screen is left out by its SOP Instance UID.
 */
import type { PriorSource, RemotePrior, PriorFile } from '../compare/prior-sources';
import { CoreError } from '../errors';
import { InstanceCache } from '../pacs/cache';
import { PacsNodeStore } from '../pacs/config';
import { withConnection } from '../pacs/open';
import { findPatientEcgs } from '../pacs/patient-ecgs';
import { FileSecretStore } from '../pacs/secrets';
import type { CoreDeps } from './deps';

/** How long the suggestions wait for the PACS before they are shown without its ECGs. */
export const PACS_PRIOR_DEADLINE_MS = 8000;

export function pacsPriorSource(deps: CoreDeps, options: { deadlineMs?: number } = {}): PriorSource {
  const deadlineMs = options.deadlineMs ?? PACS_PRIOR_DEADLINE_MS;
  const store = new PacsNodeStore(deps.dataDir);
  const cache = new InstanceCache(deps.dataDir);
  const secrets = deps.secrets ?? new FileSecretStore(deps.dataDir);
  return {
    id: 'pacs',
    remote: {
      deadlineMs,
      deadlineError: () =>
        new CoreError('PACS_TIMEOUT', `The PACS did not answer within ${Math.round(deadlineMs / 100) / 10} s, so its ECGs are not listed.`),
    },
    async plan(q) {
      const config = await store.load();
      if (config.nodes.length === 0) return 'skip';
      return q.patientId ? 'ask' : { notice: 'The PACS was not asked: this ECG states no patient ID.' };
    },
    async find(q, signal) {
      const patientId = q.patientId;
      if (!patientId) return { files: [] };
      const node = await store.node();
      const ecgs = await withConnection(node, secrets, (c) => findPatientEcgs(c, patientId, signal));
      const files: PriorFile[] = [];
      const remote: RemotePrior[] = [];
      for (const e of ecgs) {
        if (e.sopInstanceUid === q.sopInstanceUid) continue;
        const description = e.description || null;
        if (await cache.has(e.sopInstanceUid)) {
          files.push({ path: cache.pathOf(e.sopInstanceUid), kind: e.sopClassName, ...(description ? { description } : {}) });
          continue;
        }
        remote.push({
          sopInstanceUid: e.sopInstanceUid,
          patientId: e.patientId || null,
          acquisitionTime: e.studyDateTime,
          description,
          pacs: {
            nodeId: node.id,
            nodeName: node.name,
            studyUid: e.studyUid,
            seriesUid: e.seriesUid,
            sopInstanceUid: e.sopInstanceUid,
            sopClassName: e.sopClassName,
          },
        });
      }
      return { files, remote };
    },
  };
}
