import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortOutputs } from '../core/cohort/db-compare';
import { simCohort } from '../core/cohort/sim-cohort';
import { type SlurmCluster, slurmUnavailable, startSlurm } from './slurm-cluster';

const ROOT = join(__dirname, '../../..');
const PACK = join(ROOT, 'models/reference');
const unavailable = slurmUnavailable();
if (unavailable) console.warn(`SKIPPED the Slurm cluster test: ${unavailable}`);

/**
 * The shipped Slurm templates on a real single-node cluster (slurm-wlm + munge, started here on free ports):
 * deploy/slurm/submit.sh submits a 4-task array of score-array.sbatch and the dependent merge.sbatch; the
 * merged database must equal a single run of the same files.
 */
describe.skipIf(unavailable !== undefined)('Slurm: sbatch array of 4 shards, then the merge job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-array-'));
  let cluster: SlurmCluster | undefined;
  beforeAll(async () => {
    cluster = await startSlurm(join(dir, 'cluster'));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('merges the array into the single run, row for row', () => {
    const { folder, labels } = simCohort(dir);
    const env = { ...cluster?.env, ORT_DISABLE_TELEMETRY: '1', ECHOING_ECG: `${process.execPath} --import tsx ${join(ROOT, 'src-main/cli/index.ts')}` };
    const single = join(dir, 'single.db');
    const one = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'cohort', 'score', folder, '--db', single, '--model', PACK, '--ep', 'cpu', '--labels', labels], {
      cwd: ROOT, env, encoding: 'utf8', timeout: 110_000,
    });
    expect(one.status, one.stderr).toBe(0);
    const out = join(dir, 'run');
    const submit = spawnSync(
      'bash',
      [join(ROOT, 'deploy/slurm/submit.sh'), '--input', folder, '--out', out, '--shards', '4', '--model', PACK, '--ep', 'cpu', '--cpus-per-task', '1', '--labels', labels, '--time', '00:10:00', '--wait'],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 },
    );
    const logs = existsSync(join(out, 'logs'))
      ? readdirSync(join(out, 'logs')).map((f) => `--- ${f}\n${readFileSync(join(out, 'logs', f), 'utf8')}`).join('\n')
      : '';
    expect(submit.status, `${submit.stdout}\n${submit.stderr}\n${logs}\n${cluster?.logs()}`).toBe(0);
    expect(submit.stdout).toMatch(/score array: job \d+ \(4 tasks, ep=cpu\)/);
    expect(readdirSync(out).filter((f) => /^cohort\.shard-\d-of-4\.db$/.test(f)).sort()).toEqual([1, 2, 3, 4].map((k) => `cohort.shard-${k}-of-4.db`));
    const taskLogs = readdirSync(join(out, 'logs')).filter((f) => f.startsWith('score-'));
    expect(taskLogs).toHaveLength(4);
    expect(logs).toMatch(/task 3 of 4 on \S+: ep=cpu threads=1/);
    expect(logs).toMatch(/shard 4\/4 cohort\.shard-4-of-4\.db: added \d+, skipped 0/);
    expect(logs).toMatch(/labels: \d+ rows; joined by file/);
    expect(cohortOutputs(join(out, 'cohort.db'))).toEqual(cohortOutputs(single));
  }, 300_000);
});
