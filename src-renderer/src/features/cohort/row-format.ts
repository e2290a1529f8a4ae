import type { CohortRow, EchoingClient } from '../../../../src-main/contract/index';
import { useShellStore } from '../../app/shell-store';
import { openInReview } from '../review/open-in-review';

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '--' : `${(100 * x).toFixed(digits)} %`);
export const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '--' : x.toFixed(digits));

/** "62 % (48-75)": the primary head's probability with its interval. */
export function riskText(r: CohortRow): string {
  if (r.risk === null) return r.errorCode ? r.errorCode : 'pending';
  return `${pct(r.risk)} (${pct(r.riskLow)}–${pct(r.riskHigh)})`;
}

export function uncertaintyText(r: CohortRow): string {
  if (r.uncertaintyPercentile === null) return '--';
  return `P${Math.round(r.uncertaintyPercentile)} ${r.uncertaintyLevel ?? ''}`;
}

export const QUEUE_LABEL = { positive: 'Confident positive', uncertain: 'Uncertain', negative: 'Confident negative' } as const;
export const QUEUE_COLOR = { positive: 'red', uncertain: 'yellow', negative: 'teal' } as const;

/** Opens a cohort ECG in the review workspace and switches the shell there. */
export async function openRowInReview(client: EchoingClient, fileId: number): Promise<string | null> {
  const r = await client.invoke('cohort:open-file', { fileId });
  if (!r.ok) return r.error.message;
  useShellStore.getState().setSection('review');
  await openInReview(r.value);
  return null;
}
