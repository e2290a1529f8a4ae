import { create } from 'zustand';
import type { EchoingClient, PacsNodesDto, PacsStudy, RetrieveProgress } from '../../../../src-main/contract/index';

export type PacsTab = 'query' | 'settings';

interface PacsState {
  tab: PacsTab;
  config: PacsNodesDto | null;
  /** The node queries and retrieves go to (the default node until the user picks another). */
  nodeId: string | null;
  studies: PacsStudy[] | null;
  /** Last progress per retrieve job, and which job belongs to which study (or to the whole result). */
  jobs: Record<string, RetrieveProgress>;
  jobFor: Record<string, string>;
  error: string | null;
  setTab(tab: PacsTab): void;
  setNode(id: string | null): void;
  setStudies(studies: PacsStudy[] | null): void;
  track(key: string, jobId: string): void;
  onProgress(p: RetrieveProgress): void;
  setError(message: string | null): void;
  refresh(client: EchoingClient): Promise<void>;
}

/** The PACS screens' state: configured nodes, the last query's studies, retrieve progress. */
export const usePacsStore = create<PacsState>((set, get) => ({
  tab: 'query',
  config: null,
  nodeId: null,
  studies: null,
  jobs: {},
  jobFor: {},
  error: null,
  setTab: (tab) => set({ tab }),
  setNode: (nodeId) => set({ nodeId, studies: null }),
  setStudies: (studies) => set({ studies }),
  track: (key, jobId) => set((s) => ({ jobFor: { ...s.jobFor, [key]: jobId } })),
  onProgress: (p) => set((s) => ({ jobs: { ...s.jobs, [p.jobId]: p } })),
  setError: (error) => set({ error }),
  async refresh(client) {
    const r = await client.invoke('pacs:nodes', {});
    if (!r.ok) return set({ error: r.error.message });
    const current = get().nodeId;
    const nodeId = current && r.value.nodes.some((n) => n.id === current) ? current : r.value.defaultNodeId;
    set({ config: r.value, nodeId, tab: r.value.nodes.length === 0 ? 'settings' : get().tab });
  },
}));
