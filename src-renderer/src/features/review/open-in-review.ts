/**
 * Lets other features (the cohort worklist) open a file in the review workspace.
 */
import type { FileRef } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useViewStore } from '../../stores/view-store';
import { getClient } from '../../transport';

/**
 * Opens `file` (a token main handed out) in the review workspace: the previous prediction is cleared and the
 * file is read; the workspace shows it (or the reader's error) as soon as the shell switches to Review.
 */
export function openInReview(file: FileRef): Promise<void> {
  usePredictionStore.getState().reset(file.token);
  useViewStore.getState().set({ startS: 0 });
  return useReviewStore.getState().open(getClient(), file);
}
