// A scorer process for the crash test: scores a folder into a database with the fake engine and exits.
// Run as `node --import tsx score-child.ts <db> <folder> <cohortId>`; the test SIGKILLs it mid-batch.
import { join } from 'node:path';
import { runScoreJob } from '../../../../src-main/core/cohort/run-job';
import { ScoringControl } from '../../../../src-main/core/cohort/scorer';

async function main(): Promise<void> {
  const [dbPath, folder, cohortId] = process.argv.slice(2);
  if (!dbPath || !folder || !cohortId) throw new Error('usage: score-child <db> <folder> <cohortId>');
  const p = await runScoreJob(
    {
      jobId: 'child', dbPath, cohortId: Number(cohortId), source: { kind: 'folder', path: folder }, modelDir: '',
      batchSize: Number(process.env.BATCH ?? 4), modelModule: join(__dirname, 'fake-model.ts'),
    },
    new ScoringControl(),
    (pr) => process.stdout.write(`${pr.state} ${pr.processed} ${pr.scored}\n`),
  );
  process.stdout.write(`END ${JSON.stringify(p)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
