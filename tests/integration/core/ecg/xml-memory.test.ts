import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aecgWithHugeText } from '../../../helpers/hostile';

/**
 * Bounded XML memory (issue 11, part 3): an HL7 aECG with a 22 MB digits text node took 0.91 GB (a 100 MB one
 * 3.85 GB). Read in a child process so its peak resident memory is its own: within 4x the file and 512 MB.
 */
const dir = mkdtempSync(join(tmpdir(), 'xml-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readPeak(path: string): { before: number; after: number; outcome: string } {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, '../../../helpers/read-peak-child.ts'), path], { encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { before: number; after: number; outcome: string };
}

describe('XML memory', () => {
  it('a 22 MB text node reads within 4x the file size and 512 MB', () => {
    const path = join(dir, 'huge-text.xml');
    writeFileSync(path, aecgWithHugeText(22 * 1024 * 1024));
    const size = statSync(path).size;
    const r = readPeak(path);
    expect(r.outcome).toMatch(/^ok/);
    expect(r.after - r.before).toBeLessThan(4 * size);
    expect(r.after).toBeLessThan(512 * 1024 * 1024);
  });

  it('an aECG over the 128 MB XML limit is refused from its head, without reading the file', () => {
    const path = join(dir, 'over-limit.xml');
    // A real aECG's start, then zeros up to 140 MB (sparse: quick to make, and nothing is read past the head).
    writeFileSync(path, aecgWithHugeText(1024 * 1024));
    truncateSync(path, 140 * 1024 * 1024);
    const r = readPeak(path);
    expect(r.outcome).toBe('FILE_TOO_LARGE');
    // Reading it whole first held all 140 MB before the same refusal.
    expect(r.after - r.before).toBeLessThan(32 * 1024 * 1024);
  });
});
