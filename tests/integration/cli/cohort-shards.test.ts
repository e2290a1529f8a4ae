import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cohortOutputs } from '../core/cohort/db-compare';
import { simCohort } from '../core/cohort/sim-cohort';

const ROOT = join(__dirname, '../../..');
const PACK = join(ROOT, 'models/reference');
const root = mkdtempSync(join(tmpdir(), 'cohort-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'cohort', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' }, timeout: 110_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cohort score --shard / cohort merge (reference pack)', () => {
  const { folder, labels } = simCohort(root);
  const single = join(root, 'single.db');
  const merged = join(root, 'merged.db');

  it('4 shards merged equal a single run row for row, every output field; merging again adds nothing', () => {
    const one = cli('score', folder, '--db', single, '--model', PACK, '--labels', labels, '--ep', 'cpu');
    expect(one.code, one.err).toBe(0);
    const total = Number(/done (\d+)\/\1/.exec(one.out)?.[1]);
    expect(total).toBeGreaterThan(20);
    let processed = 0;
    for (const k of [1, 2, 3, 4]) {
      const r = cli('score', folder, '--db', join(root, 'c.db'), '--model', PACK, '--shard', `${k}/4`, '--ep', 'cpu');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`shard ${k}/4 -> c.shard-${k}-of-4.db`);
      expect(r.err).toContain('execution provider: cpu\n');
      processed += Number(/done (\d+)\//.exec(r.out)?.[1]);
    }
    expect(processed).toBe(total);
    const shards = [1, 2, 3, 4].map((k) => join(root, `c.shard-${k}-of-4.db`));
    const m = cli('merge', '--db', merged, '--labels', labels, ...shards);
    expect(m.code, m.err + m.out).toBe(0);
    expect(m.out).toMatch(/shard 1\/4 c\.shard-1-of-4\.db: added \d+, skipped 0, failed \d+/);
    expect(m.out).toMatch(/labels: \d+ rows; joined by file \d+/);
    const joined = (out: string) => /joined by file (\d+)/.exec(out)?.[1];
    expect(joined(m.out)).toBe(joined(one.out));
    expect(cohortOutputs(merged)).toEqual(cohortOutputs(single));
    const again = cli('merge', '--db', merged, ...shards);
    expect(again.code).toBe(0);
    expect(again.out).not.toMatch(/added [1-9]/);
    expect(cohortOutputs(merged)).toEqual(cohortOutputs(single));
    // Metrics on the merged cohort are those of the single run (labels joined after the merge); the bootstrap
    // interval resamples rows in database order, which differs, so only the point figures are compared.
    const metrics = (db: string) => JSON.parse(cli('metrics', '--db', db, '--json').out) as { n: number; positives: number; auroc: number };
    const [a, b] = [metrics(merged), metrics(single)];
    expect([a.n, a.positives]).toEqual([b.n, b.positives]);
    expect(a.n).toBeGreaterThan(10);
    expect(a.auroc).toBeCloseTo(b.auroc, 12);
  });

  it('refuses a shard scored with another pack (and says which), merging nothing of it', () => {
    const other = join(root, 'other-pack');
    cpSync(PACK, other, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8')) as { version: string };
    manifest.version = '9.9.9-local';
    writeFileSync(join(other, 'manifest.json'), JSON.stringify(manifest));
    const r = cli('score', folder, '--db', join(root, 'o.db'), '--model', other, '--shard', '1/4', '--ep', 'cpu');
    expect(r.code, r.err).toBe(0);
    const m = cli('merge', '--db', merged, join(root, 'o.shard-1-of-4.db'));
    expect(m.code).toBe(1);
    expect(m.out).toMatch(/o\.shard-1-of-4\.db: REFUSED MERGE_MODEL_MISMATCH: .*9\.9\.9-local/);
    expect(cohortOutputs(merged)).toEqual(cohortOutputs(single));
    // The same shard file cannot be re-scored with another part or pack either.
    const wrong = cli('score', folder, '--db', join(root, 'o.db'), '--model', PACK, '--shard', '1/4', '--ep', 'cpu');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('SHARD_MISMATCH');
  });

  it('explains --shard mistakes', () => {
    expect(cli('score', folder, '--db', join(root, 'x.db'), '--shard', '5/4').err).toContain('SHARD_INVALID');
    // auto (the default provider) says why it did not use a GPU here.
    const plain = cli('score', folder, '--db', join(root, 'plain.db'), '--model', PACK);
    const ran = /execution provider: (\w+)/.exec(plain.err)?.[1];
    if (ran === 'cpu') expect(plain.err).toMatch(/execution provider: cpu; cuda skipped: .+; webgpu skipped: .+/);
    else expect(['cuda', 'webgpu']).toContain(ran);
    const auto = cli('score', folder, '--db', join(root, 'x.db'), '--shard', 'auto');
    expect(auto.err).toMatch(/SLURM_ARRAY_TASK_ID|JOB_COMPLETION_INDEX/);
    expect(cli('score', folder, '--db', join(root, 'x.db'), '--shard', '1/2', '--workers', '2').code).toBe(2);
    const labelled = cli('score', folder, '--db', join(root, 'x.db'), '--shard', '1/2', '--labels', labels);
    expect(labelled.code).toBe(2);
    expect(labelled.err).toContain('--labels goes to `cohort merge`');
  });
});
