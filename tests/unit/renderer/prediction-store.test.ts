import { describe, expect, it } from 'vitest';
import type { EchoingClient, PredictionDto, StoredPredictionDto } from '../../../src-main/contract/index';
import { fromStored } from '../../../src-renderer/src/features/ai-card/prediction-view';
import { predictionFor, usePredictionStore } from '../../../src-renderer/src/stores/prediction-store';

/** A client that answers model:predict after a tick and counts the calls per token. */
function fakeClient() {
  const calls: string[] = [];
  const client = {
    invoke: async (channel: string, req: { token: string }) => {
      if (channel !== 'model:predict') throw new Error(channel);
      calls.push(req.token);
      await new Promise((r) => setTimeout(r, 5));
      const dto = { model: { id: 'p', name: 'P', version: '1', clinical: false, clinicalUseStatement: '', licence: '' }, executionProvider: 'cpu',
        window: { startS: 0, durationS: 10, paddedS: 0 }, uncertainty: { score: 0.001, percentile: 10 + calls.length, level: 'low' }, predictions: [],
        similarReports: [], stepVariance: { startS: 0, stepS: 0.16, values: [] }, embedding: { mean: [0], logvar: [0] } } as unknown as PredictionDto;
      return { ok: true, value: dto };
    },
    on: () => () => undefined,
  } as unknown as EchoingClient;
  return { client, calls };
}

describe('prediction store', () => {
  it('keeps each file\'s result for the session: reopening shows it without a run, R runs again', async () => {
    const { client, calls } = fakeClient();
    const s = usePredictionStore.getState();
    s.reset('a');
    expect(usePredictionStore.getState().status).toBe('idle');
    await s.run(client, 'a', false);
    expect(usePredictionStore.getState()).toMatchObject({ token: 'a', status: 'done' });
    expect(usePredictionStore.getState().result?.origin).toEqual({ kind: 'run' });
    s.reset('b');
    expect(usePredictionStore.getState().status).toBe('idle');
    s.reset('a');
    expect(usePredictionStore.getState()).toMatchObject({ token: 'a', status: 'done' });
    expect(calls).toEqual(['a']);
    await s.run(client, 'a');
    expect(calls).toEqual(['a', 'a']);
    expect(usePredictionStore.getState().result?.uncertainty.percentile).toBe(12);
  });

  it('runs one prediction per file at a time, whoever asks (the file on screen and a comparison)', async () => {
    const { client, calls } = fakeClient();
    const [x, y] = await Promise.all([predictionFor(client, 'c'), predictionFor(client, 'c')]);
    expect(calls).toEqual(['c']);
    expect(x).toEqual(y);
    await predictionFor(client, 'c');
    expect(calls).toEqual(['c']);
  });

  it('shows a cohort\'s stored prediction as such, with what was not stored left empty', () => {
    const stored = {
      fileId: 1, cohortId: 2, modelId: 'p', modelVersion: '1', executionProvider: 'cpu', window: { startS: 0, durationS: 10, paddedS: 0 },
      uncertainty: { score: 0.002, percentile: 70, level: 'high' }, predictions: [], scoredAt: '2025-01-01T10:00:00Z',
      model: { id: 'p', name: 'P', version: '1', clinical: false, clinicalUseStatement: '', licence: '' }, packInstalled: true, splitPercentile: 50, abstainPercentile: 90,
    } as StoredPredictionDto;
    const view = fromStored(stored);
    expect(view).toMatchObject({ origin: { kind: 'cohort', scoredAt: '2025-01-01T10:00:00Z' }, similarReports: [], uncertainty: { splitPercentile: 50, abstainPercentile: 90 } });
    expect(view.embedding).toBeUndefined();
    usePredictionStore.getState().show('z', view);
    expect(usePredictionStore.getState()).toMatchObject({ token: 'z', status: 'done' });
    expect(usePredictionStore.getState().result?.origin.kind).toBe('cohort');
  });
});
