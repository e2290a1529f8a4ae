import { useEffect } from 'react';
import type { EchoingClient } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';

/**
 * Runs the model once the ECG on screen has opened, when the setting is on and nothing is shown for it yet
 * (no result from earlier in the session, no cohort's stored result). A file that failed to open is not run.
 */
export function useAutoRun(client: EchoingClient): void {
  const status = useReviewStore((s) => s.status);
  const token = useReviewStore((s) => (s.status === 'ready' ? (s.opened?.file.token ?? null) : null));
  const predToken = usePredictionStore((s) => s.token);
  const predStatus = usePredictionStore((s) => s.status);
  const autoRun = usePredictionStore((s) => s.autoRun);
  useEffect(() => {
    if (status !== 'ready' || !token || !autoRun) return;
    if (predToken !== token || predStatus !== 'idle') return;
    void usePredictionStore.getState().run(client, token, false);
  }, [client, status, token, predToken, predStatus, autoRun]);
}
