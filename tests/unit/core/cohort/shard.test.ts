import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentShardOf, inContentShard, parseShardSpec, shardDbPath } from '../../../../src-main/core/cohort/shard';
import { inShard } from '../../../../src-main/core/cohort/file-source';

const sha = (i: number) => createHash('sha256').update(`ecg-${i}`).digest('hex');
const hashes = Array.from({ length: 4000 }, (_, i) => sha(i));

describe('content-hash partition', () => {
  it('puts every file in exactly one of N parts, whatever N', () => {
    for (const n of [1, 2, 3, 4, 7, 16]) {
      for (const h of hashes.slice(0, 500)) {
        const owners = Array.from({ length: n }, (_, k) => k).filter((k) => inContentShard(h, { index: k, count: n, by: 'content' }));
        expect(owners).toEqual([contentShardOf(h, n)]);
      }
    }
  });

  it('is a function of the content hash alone: listing order, paths and re-runs do not move a file', () => {
    const forward = hashes.map((h) => contentShardOf(h, 4));
    const shuffled = [...hashes].reverse().map((h) => [h, contentShardOf(h, 4)] as const);
    for (const [h, k] of shuffled) expect(k).toBe(forward[hashes.indexOf(h)]);
    // Pinned values: a change of the rule would re-partition archives that are half scored.
    expect(contentShardOf('0000000000000' + 'f'.repeat(51), 4)).toBe(0);
    expect(contentShardOf('0000000000003' + '0'.repeat(51), 4)).toBe(3);
    expect(contentShardOf('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 4)).toBe(parseInt('e3b0c44298fc1', 16) % 4);
  });

  it('spreads files evenly (each of 4 parts within 10 % of a quarter of 4000)', () => {
    const sizes = [0, 0, 0, 0];
    for (const h of hashes) {
      const k = contentShardOf(h, 4);
      sizes[k] = (sizes[k] ?? 0) + 1;
    }
    for (const s of sizes) expect(Math.abs(s - 1000)).toBeLessThan(100);
  });

  it('leaves position shards (worker threads of one run) as they were, and content shards to the hash', () => {
    expect([0, 1, 2, 3, 4, 5].filter((i) => inShard(i, { index: 1, count: 3 }))).toEqual([1, 4]);
    expect([0, 1, 2].every((i) => inShard(i, { index: 1, count: 3, by: 'content' }))).toBe(true);
    expect(inContentShard(sha(1), undefined)).toBe(true);
    expect(inContentShard(sha(1), { index: 0, count: 2 })).toBe(true);
  });
});

describe('--shard', () => {
  it('reads K/N as 1-based and refuses what is not a part', () => {
    expect(parseShardSpec('2/4', {})).toEqual({ index: 1, count: 4, by: 'content' });
    expect(parseShardSpec('1/1', {})).toEqual({ index: 0, count: 1, by: 'content' });
    for (const bad of ['0/4', '5/4', '2/0', 'x', '2/', '-1/4', '1.5/4']) expect(() => parseShardSpec(bad, {}), bad).toThrow(/SHARD|shard/);
  });

  it('auto takes the Slurm array task (offset by the array minimum) and its count', () => {
    expect(parseShardSpec('auto', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4, by: 'content' });
    expect(parseShardSpec('auto', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 1, count: 4, by: 'content' });
    expect(() => parseShardSpec('auto/8', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/4 tasks/);
  });

  it('auto/N takes a Kubernetes Indexed Job index, and auto alone there asks for the count', () => {
    expect(parseShardSpec('auto/3', { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 3, by: 'content' });
    expect(() => parseShardSpec('auto', { JOB_COMPLETION_INDEX: '2' })).toThrow(/auto\/N/);
    expect(() => parseShardSpec('auto/3', { JOB_COMPLETION_INDEX: '3' })).toThrow(/not one of/);
    expect(() => parseShardSpec('auto', {})).toThrow(/Slurm array task/);
  });

  it('gives each shard its own database file next to the named one', () => {
    expect(shardDbPath('/data/run/cohort.db', { index: 1, count: 4 })).toBe('/data/run/cohort.shard-2-of-4.db');
    expect(shardDbPath('/data/run/cohort', { index: 0, count: 2 })).toBe('/data/run/cohort.shard-1-of-2.db');
  });
});
