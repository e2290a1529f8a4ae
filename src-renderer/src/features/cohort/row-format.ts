import type { CohortRow, EchoingClient } from '../../../../src-main/contract/index';
import { useShellStore } from '../../app/shell-store';
import { fromStored } from '../ai-card/prediction-view';
import { ordinal } from '../ai-card/wording';
import { openInReview } from '../review/open-in-review';

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '--' : `${(100 * x).toFixed(digits)} %`);
export const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '--' : x.toFixed(digits));

/** "62 % (48–75 %)": the primary head's probability with its interval. */
export function riskText(r: CohortRow): string {
  if (r.risk === null) return r.errorCode ? 'unreadable' : 'pending';
  return `${pct(r.risk)} (${pct(r.riskLow).replace(' %', '')}–${pct(r.riskHigh)})`;
}

/** "low, 4th pct": the uncertainty level and its percentile of the pack's reference set. */
export function uncertaintyText(r: CohortRow): string {
  if (r.uncertaintyPercentile === null) return '--';
  const level = r.uncertaintyLevel === 'abstain' ? 'too high' : (r.uncertaintyLevel ?? '');
  return `${level}, ${ordinal(r.uncertaintyPercentile)} pct`;
}

/** Why a row has no prediction, in words: the reader's message (its code in brackets), or that it waits. */
export function failureText(r: Pick<CohortRow, 'errorCode' | 'errorMessage'>): string {
  if (!r.errorCode) return 'Not scored yet';
  return `Unreadable: ${r.errorMessage ?? 'the file could not be read'} (${r.errorCode})`;
}

export const QUEUE_LABEL = { positive: 'Confident positive', uncertain: 'Uncertain', negative: 'Confident negative' } as const;
export const QUEUE_COLOR = { positive: 'red', uncertain: 'yellow', negative: 'teal' } as const;

/**
 * Opens a cohort ECG in the review workspace and switches the shell there. When the cohort scored it with the
 * active model pack, its stored prediction is shown and the model is not run again.
 */
export async function openRowInReview(client: EchoingClient, fileId: number, onToken?: (token: string) => void): Promise<string | null> {
  const [file, stored, packs] = await Promise.all([
    client.invoke('cohort:open-file', { fileId }),
    client.invoke('cohort:prediction', { fileId }),
    client.invoke('model:list', {}),
  ]);
  if (!file.ok) return file.error.message;
  const active = packs.ok ? packs.value.packs.find((p) => p.id === packs.value.activeId) : undefined;
  const s = stored.ok ? stored.value : null;
  const samePack = s !== null && active !== undefined && s.modelId === active.id && s.modelVersion === active.version;
  onToken?.(file.value.token);
  useShellStore.getState().setSection('review');
  await openInReview(file.value, samePack ? fromStored(s) : undefined);
  return null;
}
