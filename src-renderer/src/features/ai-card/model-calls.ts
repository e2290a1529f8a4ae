/**
 * The model channels the card uses, in one place so the rest of the feature does not depend on their
 * exact request shapes.
 */
import type { EchoingClient, ErrorPayload, Result } from '../../../../src-main/contract/index';
import type { PredictionView } from './prediction-view';

type LooseInvoke = (channel: string, request: unknown) => Promise<Result<unknown>>;
type LooseOn = (event: string, listener: (payload: unknown) => void) => () => void;

/** Runs the active model pack on a handed-out ECG file (main decodes and preprocesses the file itself). */
export async function runPredict(client: EchoingClient, token: string): Promise<Result<PredictionView>> {
  const invoke = client.invoke as unknown as LooseInvoke;
  return (await invoke('model:predict', { token })) as Result<PredictionView>;
}

/** Per-lead occlusion importance, 0..1 per lead name. */
export type LeadImportance = Map<string, number>;

/** Starts the per-lead occlusion map; progress arrives through onProgress (0..1). */
export async function runOcclusion(
  client: EchoingClient,
  token: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Result<LeadImportance>> {
  const invoke = client.invoke as unknown as LooseInvoke;
  const on = client.on as unknown as LooseOn;
  const off = on('model:occlusion-progress', (p) => {
    const x = p as { done?: number; total?: number };
    if (typeof x.done === 'number' && typeof x.total === 'number' && x.total > 0) onProgress(x.done / x.total);
  });
  try {
    const r = await new Promise<Result<unknown>>((resolve) => {
      signal.addEventListener('abort', () => resolve({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } as unknown as ErrorPayload }), { once: true });
      void invoke('model:occlusion', { token }).then(resolve);
    });
    if (!r.ok) return r;
    return { ok: true, value: toImportance(r.value) };
  } finally {
    off();
  }
}

/** Normalises an occlusion answer ({ leads: [{ lead, delta }] } or a record lead -> delta) to 0..1. */
function toImportance(value: unknown): LeadImportance {
  const pairs: [string, number][] = [];
  const v = value as { leads?: { lead?: string; name?: string; delta?: number; importance?: number }[] } | Record<string, number>;
  if (v && Array.isArray((v as { leads?: unknown }).leads)) {
    for (const l of (v as { leads: { lead?: string; name?: string; delta?: number; importance?: number }[] }).leads) {
      const name = l.lead ?? l.name;
      const d = l.importance ?? l.delta;
      if (name && typeof d === 'number') pairs.push([name, Math.abs(d)]);
    }
  } else if (v && typeof v === 'object') {
    for (const [k, d] of Object.entries(v)) if (typeof d === 'number') pairs.push([k, Math.abs(d)]);
  }
  const max = pairs.reduce((m, [, d]) => Math.max(m, d), 0);
  return new Map(pairs.map(([k, d]) => [k, max > 0 ? d / max : 0]));
}
