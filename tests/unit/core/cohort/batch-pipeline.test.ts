import { describe, expect, it } from 'vitest';
import { BatchPipeline, SCORING_DEPTH } from '../../../../src-main/core/cohort/batch-pipeline';
import type { ScoredItem } from '../../../../src-main/core/cohort/store';

type P = { file: { sha256: string; path: string; fileName: string; sizeBytes: number } };
const item = (h: string): P => ({ file: { sha256: h, path: `/x/${h}`, fileName: h, sizeBytes: 1 } });
const skipped = (h: string): ScoredItem => ({ kind: 'skipped', file: item(h).file });

/** A scorer whose batches finish when the test says, in any order. */
function controlledScorer() {
  const open: { batch: P[]; finish: () => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const score = (batch: P[]) =>
    new Promise<ScoredItem[]>((resolve) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      open.push({
        batch,
        finish: () => {
          running -= 1;
          resolve(batch.map((p) => skipped(p.file.sha256)));
        },
      });
    });
  return { score, open, maxRunning: () => maxRunning };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the scorer batch pipeline', () => {
  it('commits in submission order even when later batches finish first, and bounds the batches in flight', async () => {
    const s = controlledScorer();
    const commits: string[][] = [];
    const pipe = new BatchPipeline<P>(s.score, (items) => commits.push(items.map((i) => i.file.sha256)));
    for (const h of ['a', 'b']) pipe.hold(h);
    await pipe.submit([item('a')], []);
    await pipe.submit([item('b')], [skipped('b0')]);
    expect(pipe.has('a')).toBe(true);
    // A third submission waits: SCORING_DEPTH batches are already being scored.
    let third = false;
    const t = pipe.submit([item('c')], []).then(() => (third = true));
    await tick();
    expect(SCORING_DEPTH).toBe(2);
    expect(third).toBe(false);
    s.open[1]?.finish();
    s.open[2]?.finish();
    await tick();
    expect(commits).toEqual([]);
    s.open[0]?.finish();
    await t;
    await pipe.drain();
    expect(commits).toEqual([['a'], ['b0', 'b'], ['c']]);
    expect(pipe.has('a')).toBe(false);
    expect(s.maxRunning()).toBe(3);
  });

  it('after a failed commit, drain waits for the other batches, then throws the failure', async () => {
    const s = controlledScorer();
    const commits: string[] = [];
    const pipe = new BatchPipeline<P>(s.score, (items) => {
      const h = items[0]?.file.sha256 ?? '';
      if (h === 'bad') throw new Error('disk full');
      commits.push(h);
    });
    await pipe.submit([item('bad')], []);
    await pipe.submit([item('next')], []);
    let drained = false;
    const d = pipe.drain().catch((e: unknown) => {
      drained = true;
      throw e;
    });
    s.open[0]?.finish();
    await tick();
    expect(drained).toBe(false);
    s.open[1]?.finish();
    await expect(d).rejects.toThrow('disk full');
    expect(commits).toEqual([]);
  });
});
