/**
 * Fetching a prior ECG that only the PACS holds: exactly that instance is retrieved into the PACS cache (through
 * the PACS channels), then its file is handed back to be opened like any other. Progress and the outcome come
 * from 'pacs:job', read a few times a second (a single instance: a handful of reads).
 */
import type { EchoingClient, FileRef, PacsPriorRef, RetrieveProgress } from '../../../../src-main/contract/index';

export type PriorRetrieveOutcome = { file: FileRef } | { error: string } | { cancelled: true };

const POLL_MS = 200;

const coded = (e: { message: string; code: string }) => `${e.message} (${e.code})`;

/**
 * Retrieves `ref`. `stillWanted()` false (the user cancelled or closed the chooser) cancels the retrieve on the
 * PACS side too. `onJob` reports the job's id once known, `onProgress` each reading of its progress.
 */
export async function retrievePrior(
  client: EchoingClient,
  ref: PacsPriorRef,
  hooks: { stillWanted: () => boolean; onJob?: (jobId: string) => void; onProgress?: (p: RetrieveProgress) => void },
): Promise<PriorRetrieveOutcome> {
  const started = await client.invoke('pacs:retrieve', {
    nodeId: ref.nodeId,
    studies: [{ studyUid: ref.studyUid, seriesUid: ref.seriesUid, sopInstanceUid: ref.sopInstanceUid }],
  });
  if (!started.ok) return { error: coded(started.error) };
  const { jobId } = started.value;
  hooks.onJob?.(jobId);
  for (;;) {
    if (!hooks.stillWanted()) {
      await client.invoke('pacs:cancel', { jobId });
      return { cancelled: true };
    }
    const job = await client.invoke('pacs:job', { jobId });
    if (!job.ok) return { error: coded(job.error) };
    hooks.onProgress?.(job.value);
    const { state, files, error, failures } = job.value;
    if (state === 'cancelled') return { cancelled: true };
    if (state === 'done' && failures.length === 0) {
      const file = files.find((f) => f.name === `${ref.sopInstanceUid}.dcm`) ?? files[0];
      return file ? { file } : { error: 'The PACS sent nothing for this ECG (PACS_NOT_FOUND)' };
    }
    if (state !== 'running') {
      const why = error ?? failures[0];
      return { error: why ? coded(why) : 'The retrieve failed.' };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
