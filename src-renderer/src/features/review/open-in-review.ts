/**
 * Lets other features (the cohort worklist) open a file in the review workspace.
 */
import type { FileRef } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useViewStore } from '../../stores/view-store';
import { getClient } from '../../transport';
import type { PredictionView } from '../ai-card/prediction-view';

/**
 * Opens `file` (a token main handed out) in the review workspace: the file's result from this session, else
 * `known` (a cohort's stored prediction), is shown without running the model; the file is read and the
 * workspace shows it (or the reader's error) as soon as the shell switches to Review.
 */
export function openInReview(file: FileRef, known?: PredictionView): Promise<void> {
  const pred = usePredictionStore.getState();
  pred.reset(file.token);
  if (known && usePredictionStore.getState().status === 'idle') pred.show(file.token, known);
  useViewStore.getState().set({ startS: 0 });
  return useReviewStore.getState().open(getClient(), file);
}
