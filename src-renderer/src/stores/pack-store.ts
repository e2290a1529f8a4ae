/**
 * The installed model packs and the active one (model:list, model:activate), shared by the review
 * workspace's pack picker and whatever must follow a switch (the AI card re-reads the active pack).
 */
import { create } from 'zustand';
import type { EchoingClient, PackInfoDto } from '../../../src-main/contract/index';
import { forgetSessionResults } from './prediction-store';

interface PackState {
  packs: PackInfoDto[];
  activeId: string | null;
  /** Bumped after every successful switch. */
  revision: number;
  busy: boolean;
  error: string | null;
  refresh(client: EchoingClient): Promise<void>;
  activate(client: EchoingClient, id: string): Promise<boolean>;
}

export const usePackStore = create<PackState>((set, get) => ({
  packs: [],
  activeId: null,
  revision: 0,
  busy: false,
  error: null,
  async refresh(client) {
    const r = await client.invoke('model:list', {});
    if (r.ok) set({ packs: r.value.packs, activeId: r.value.activeId, error: null });
    else set({ error: r.error.message });
  },
  async activate(client, id) {
    set({ busy: true, error: null });
    const r = await client.invoke('model:activate', { id });
    if (!r.ok) {
      set({ busy: false, error: `${r.error.message} (${r.error.code})` });
      return false;
    }
    // Results of the previous pack are not this pack's answers: the next view of a file runs the new pack.
    forgetSessionResults();
    set({ activeId: r.value.id, busy: false, revision: get().revision + 1 });
    await get().refresh(client);
    return true;
  },
}));
