import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreError, toErrorValue } from '../../errors';
import { type LoadModelOptions, type LoadedEchoingModel, loadModel } from '../model';
import type { ExecutionProviderChoice, PackListing } from '../types';

export type { PackListing } from '../types';
import { readManifest } from './load';
import { summaryOf } from '../predictor';

/** What the user chose, persisted in <dataDir>/model-settings.json. */
export interface ModelSettings {
  activePackId?: string;
  executionProvider: ExecutionProviderChoice;
  /** Null: the pack's default. */
  abstainPercentile: number | null;
}

const settingsSchema = z.object({
  activePackId: z.string().optional(),
  executionProvider: z.enum(['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml']).catch('auto'),
  abstainPercentile: z.number().min(0).max(100).nullable().catch(null),
});

const DEFAULTS: ModelSettings = { executionProvider: 'auto', abstainPercentile: null };

/**
 * Finds packs in the bundled folder and in <dataDir>/models, keeps one active (the user's choice, persisted),
 * and owns the one loaded model: re-loaded when the active pack or the execution provider changes.
 */
export class PackManager {
  private current: { key: string; model: Promise<LoadedEchoingModel> } | undefined;
  private cachedSettings: ModelSettings | undefined;

  constructor(
    private readonly opts: { bundledModelsDir: string; dataDir: string; loadOptions?: Omit<LoadModelOptions, 'executionProvider' | 'abstainPercentile'> },
  ) {}

  get userModelsDir(): string {
    return join(this.opts.dataDir, 'models');
  }

  private get settingsPath(): string {
    return join(this.opts.dataDir, 'model-settings.json');
  }

  async settings(): Promise<ModelSettings> {
    if (this.cachedSettings) return this.cachedSettings;
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(await readFile(this.settingsPath, 'utf8')));
      this.cachedSettings = parsed.success ? { ...DEFAULTS, ...parsed.data } : { ...DEFAULTS };
    } catch {
      this.cachedSettings = { ...DEFAULTS };
    }
    return this.cachedSettings;
  }

  /** Persists a settings change; a new provider re-opens the model on next use, a new abstain level applies now. */
  async updateSettings(patch: Partial<ModelSettings>): Promise<ModelSettings> {
    const next = { ...(await this.settings()), ...patch };
    await mkdir(this.opts.dataDir, { recursive: true });
    const tmp = `${this.settingsPath}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 2));
    await rename(tmp, this.settingsPath);
    this.cachedSettings = next;
    if (this.current) {
      if (patch.executionProvider !== undefined || patch.activePackId !== undefined) await this.closeCurrent();
      else if (patch.abstainPercentile !== undefined) {
        const m = await this.current.model.catch(() => undefined);
        if (m) m.abstainPercentile = next.abstainPercentile ?? m.manifest.uncertainty.abstainPercentile;
      }
    }
    return next;
  }

  private async scan(dir: string, source: 'bundled' | 'user'): Promise<Omit<PackListing, 'active'>[]> {
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch {
      return [];
    }
    const out: Omit<PackListing, 'active'>[] = [];
    for (const name of names) {
      const packDir = join(dir, name);
      try {
        const m = await readManifest(packDir);
        out.push({ ...summaryOf(m), source, dir: packDir });
      } catch (e) {
        if (e instanceof CoreError && e.code === 'PACK_NOT_FOUND') continue; // not a pack folder (e.g. tools)
        out.push({ id: name, name, version: '', clinical: false, clinicalUseStatement: '', licence: '', source, dir: packDir, error: toErrorValue(e) });
      }
    }
    return out;
  }

  /** Every pack found; a user pack with the same id as a bundled one replaces it. */
  async list(): Promise<PackListing[]> {
    const byId = new Map<string, Omit<PackListing, 'active'>>();
    for (const p of [...(await this.scan(this.opts.bundledModelsDir, 'bundled')), ...(await this.scan(this.userModelsDir, 'user'))]) byId.set(p.id, p);
    const all = [...byId.values()];
    const active = await this.activeListing(all);
    return all.map((p) => ({ ...p, active: p.id === active?.id }));
  }

  private async activeListing(all: Omit<PackListing, 'active'>[]): Promise<Omit<PackListing, 'active'> | undefined> {
    const { activePackId } = await this.settings();
    const usable = all.filter((p) => !p.error);
    return usable.find((p) => p.id === activePackId) ?? usable.find((p) => p.source === 'bundled') ?? usable[0];
  }

  /** Makes a pack active: loads it (hashes checked, session opened) before persisting the choice. */
  async activate(id: string): Promise<PackListing> {
    const found = (await this.list()).find((p) => p.id === id);
    if (!found) throw new CoreError('PACK_NOT_FOUND', `No installed model pack has the id "${id}".`);
    if (found.error) throw new CoreError(found.error.code, found.error.message);
    const settings = await this.settings();
    // Re-activating the loaded pack keeps its session; anything else replaces it.
    if (this.current?.key !== `${found.dir}|${settings.executionProvider}`) await this.closeCurrent();
    await this.open(found.dir, settings);
    await this.updateSettingsWithoutReload({ activePackId: id });
    return { ...found, active: true };
  }

  private async updateSettingsWithoutReload(patch: Partial<ModelSettings>): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    await this.updateSettings(patch);
    this.current = cur;
  }

  private open(dir: string, settings: ModelSettings): Promise<LoadedEchoingModel> {
    const key = `${dir}|${settings.executionProvider}`;
    if (this.current?.key === key) return this.current.model;
    const model = loadModel(dir, {
      ...this.opts.loadOptions,
      executionProvider: settings.executionProvider,
      abstainPercentile: settings.abstainPercentile ?? undefined,
    });
    this.current = { key, model };
    // A failed load is not cached: the next call tries again (e.g. after the user fixes the pack).
    model.catch(() => {
      if (this.current?.model === model) this.current = undefined;
    });
    return model;
  }

  /** The active pack's model, loaded on first use. */
  async model(): Promise<LoadedEchoingModel> {
    const active = await this.activeListing((await this.list()).filter((p) => !p.error));
    if (!active) throw new CoreError('PACK_NOT_FOUND', 'No usable model pack is installed.');
    return this.open(active.dir, await this.settings());
  }

  private async closeCurrent(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    const m = await cur?.model.catch(() => undefined);
    await m?.dispose();
  }

  async dispose(): Promise<void> {
    await this.closeCurrent();
  }
}
