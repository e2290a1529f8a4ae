import { CoreError } from '../errors';
import type { EngineOutputs } from './engine/types';
import type { PackManifest } from './pack/manifest';
import type { PreparedInput } from './preprocess/pipeline';
import { meanExpLogvar } from './results/gaussian';
import type { OcclusionMap } from './types';

export type { OcclusionMap } from './types';

export interface OcclusionOptions {
  windowStartS?: number;
  /** Width of each blanked region in seconds (default 1 s). */
  regionS?: number;
  /** Blanked copies per session run (default 16). */
  batch?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Occlusion sensitivity of the uncertainty: every lead x region is blanked (set to the scaler mean, i.e. 0 in
 * standardised units), the copies run in batches, and the score change recorded. Cancels between batches.
 */
export async function occlusionMap(
  input: PreparedInput,
  manifest: PackManifest,
  run: (x: Float32Array, n: number) => Promise<EngineOutputs>,
  options: OcclusionOptions = {},
): Promise<OcclusionMap> {
  const leads = manifest.input.leads;
  const len = manifest.input.samples;
  const rate = manifest.input.sampleRateHz;
  const regionS = options.regionS ?? 1;
  const width = Math.max(1, Math.round(regionS * rate));
  const regions = Math.ceil(len / width);
  const per = leads.length * len;
  const batch = Math.max(1, options.batch ?? 16);
  const d = manifest.outputs.logvar.dims[0] as number;
  const total = leads.length * regions;
  const check = (): void => {
    if (options.signal?.aborted) throw new CoreError('CANCELLED', 'The occlusion map was cancelled.');
  };
  check();
  const base = await run(input.data, 1);
  const baseScore = meanExpLogvar(base.logvar, 0, d);
  const delta = leads.map(() => new Array<number>(regions).fill(0));
  options.onProgress?.(0, total);
  for (let first = 0; first < total; first += batch) {
    check();
    const n = Math.min(batch, total - first);
    const x = new Float32Array(n * per);
    for (let i = 0; i < n; i++) {
      const cell = first + i;
      const l = Math.floor(cell / regions);
      const r = cell % regions;
      x.set(input.data, i * per);
      x.fill(0, i * per + l * len + r * width, i * per + l * len + Math.min(len, (r + 1) * width));
    }
    const out = await run(x, n);
    for (let i = 0; i < n; i++) {
      const cell = first + i;
      (delta[Math.floor(cell / regions)] as number[])[cell % regions] = meanExpLogvar(out.logvar, i * d, d) - baseScore;
    }
    options.onProgress?.(first + n, total);
  }
  // A map is shown as a heat strip: a non-finite score anywhere means the network failed on this ECG.
  if (!Number.isFinite(baseScore) || delta.some((row) => row.some((d) => !Number.isFinite(d)))) {
    throw new CoreError('NON_FINITE_OUTPUT', 'The model gave non-finite uncertainty scores while mapping this ECG: no map is shown.');
  }
  return { leads: [...leads], startS: input.window.startS, regionS: width / rate, baseScore, delta };
}
