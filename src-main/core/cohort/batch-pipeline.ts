import type { ScoredItem } from './store';

/** Batches being scored at once while the next is read (more keeps the model's threads busier; each holds its records). */
export const SCORING_DEPTH = 2;

/**
 * The scorer's batches in flight. A batch's scoring starts as soon as it is handed over, so the model's
 * threads (preprocessing pool, network and heads) always have the next batch queued while the scoring thread
 * reads and decodes; batches commit strictly in order; and `submit` waits while SCORING_DEPTH batches are
 * being scored, so memory stays bounded. Content hashes handed over but not yet committed are remembered so a
 * copy of a file in flight is skipped rather than scored twice.
 */
export class BatchPipeline<P extends { file: { sha256: string } }> {
  private last: Promise<void> = Promise.resolve();
  private readonly queue: Promise<void>[] = [];
  private readonly uncommitted = new Set<string>();

  constructor(
    private readonly score: (batch: P[]) => Promise<ScoredItem[]>,
    private readonly commit: (items: ScoredItem[]) => void,
  ) {}

  /** True while a file with this content is read or being scored but not yet committed. */
  has(sha256: string): boolean {
    return this.uncommitted.has(sha256);
  }

  /** Marks content as on its way (read, about to be batched). */
  hold(sha256: string): void {
    this.uncommitted.add(sha256);
  }

  /** Starts scoring `batch`; `done` (failures, skips) commits with it. Resolves once there is room for another. */
  async submit(batch: P[], done: ScoredItem[]): Promise<void> {
    const scoring = batch.length > 0 ? this.score(batch) : Promise.resolve([]);
    const previous = this.last;
    this.last = (async () => {
      const scored = await scoring;
      await previous;
      const items = [...done, ...scored];
      this.commit(items);
      for (const it of items) this.uncommitted.delete(it.file.sha256);
    })();
    // Awaited below or by drain(); this only keeps an early failure from going unhandled meanwhile.
    this.last.catch(() => undefined);
    this.queue.push(this.last);
    while (this.queue.length > SCORING_DEPTH) await this.queue.shift();
  }

  /**
   * Waits until every submitted batch is committed. After a failure it still waits for the others (so none
   * is left writing to a store the caller is about to close), then throws the first error.
   */
  async drain(): Promise<void> {
    const outcomes = await Promise.allSettled(this.queue.splice(0));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
