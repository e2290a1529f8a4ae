import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeVariedCohort } from './cohort-fixtures';

const ROOT = join(__dirname, '../../../..');

/**
 * A small archive for the shard tests: the simulated behaviour cohort (WFDB, known LVEF; SIMULATED, see
 * tests/fixtures/sim/expected.json), four DICOM copies and a broken file; an echo labels CSV by file name.
 */
export function simCohort(dir: string): { folder: string; labels: string } {
  const folder = join(dir, 'ecgs');
  cpSync(join(ROOT, 'tests/fixtures/sim'), folder, { recursive: true });
  rmSync(join(folder, 'expected.json'));
  writeVariedCohort(join(folder, 'dicom'), 4);
  writeFileSync(join(folder, 'broken.dcm'), 'not a DICOM file');
  const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sim/expected.json'), 'utf8')) as { records: { record: string; lvef: number }[] };
  const labels = join(dir, 'labels.csv');
  writeFileSync(labels, ['file,lvef', ...expected.records.map((r) => `${r.record},${r.lvef}`)].join('\n'));
  return { folder, labels };
}
