/**
 * The model channels the card uses (model:predict, model:occlusion with progress and cancel), in one place.
 */
import type { EchoingClient, OcclusionMap, PredictionDto, Result } from '../../../../src-main/contract/index';

/** Runs the active model pack on a handed-out ECG file (main decodes and preprocesses the file itself). */
export function runPredict(client: EchoingClient, token: string): Promise<Result<PredictionDto>> {
  return client.invoke('model:predict', { token });
}

function newJobId(): string {
  return `occ-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Computes the occlusion map of the model's uncertainty; progress (0..1) through onProgress. Aborting the
 * signal asks main to cancel the job (the request then answers CANCELLED).
 */
export async function runOcclusion(
  client: EchoingClient,
  token: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Result<OcclusionMap>> {
  const jobId = newJobId();
  const off = client.on('model:occlusionProgress', (p) => {
    if (p.jobId === jobId && p.total > 0) onProgress(p.done / p.total);
  });
  const onAbort = () => void client.invoke('model:cancel', { jobId });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await client.invoke('model:occlusion', { token, jobId });
  } finally {
    signal.removeEventListener('abort', onAbort);
    off();
  }
}
