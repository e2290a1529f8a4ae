import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../../../src-main/cli/commands/cohort';
import { runCli } from '../../../../src-main/cli/run-cli';
import { CohortStore } from '../../../../src-main/core/cohort/store';
import { toErrorValue } from '../../../../src-main/core/errors';

/**
 * Read-only and damaged cohort databases get their own codes and messages (issue 11, part 4), never raw
 * SQLITE_READONLY / SQLITE_CORRUPT text nor "is the file a cohort database?" for a read-only folder.
 */
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'store-fail-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o700);
    rmSync(d, { recursive: true, force: true });
  }
});

const NOBODY = 65534;

const asRoot = process.getuid?.() === 0;
const CHILD = join(__dirname, '../../../helpers/store-child.ts');
const runAs = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', timeout: 60_000, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });

/**
 * Root ignores file permissions, so as root the store runs as `nobody`, which must be able to run this Node and
 * read the checkout (a Node under /root's 0700 home cannot: .ci/run installs its Node under /var/cache for this).
 * Where it cannot, the permission cases cannot be set up here and say why instead of failing on the machine.
 */
const probeDb = join(tmpdir(), `store-probe-${process.pid}.db`);
const unprivilegedChild = process.platform === 'win32' ? { status: 1, stderr: 'Windows', error: undefined } : runAs([CHILD, probeDb]);
rmSync(probeDb, { force: true });
rmSync(`${probeDb}-wal`, { force: true });
rmSync(`${probeDb}-shm`, { force: true });
const cannotDropPrivileges = unprivilegedChild.status !== 0;
if (cannotDropPrivileges) {
  console.warn(`read-only store cases skipped: an unprivileged child cannot run ${process.execPath} with this checkout (${String(unprivilegedChild.error ?? unprivilegedChild.stderr).slice(0, 200)})`);
}

/** Opens the store in a child process as an unprivileged user (root ignores permissions). */
function openAsUser(path: string): { ok: boolean; error?: { code: string; message: string } } {
  const child = runAs([CHILD, path]);
  if (child.status !== 0) throw new Error(`child failed: ${String(child.error ?? child.stderr)}`);
  return JSON.parse(child.stdout) as { ok: boolean; error?: { code: string; message: string } };
}

describe.skipIf(process.platform === 'win32')('cohort store on read-only and damaged files', () => {
  it.skipIf(cannotDropPrivileges)('a new database in a read-only folder: DB_READ_ONLY naming the folder, not "is the file a cohort database?"', () => {
    const folder = join(tmp(), 'readonly');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    const r = openAsUser(join(folder, 'cohorts.db'));
    expect(r.error?.code).toBe('DB_READ_ONLY');
    expect(r.error?.message).toMatch(/folder is read-only/);
    expect(r.error?.message).not.toMatch(/cohort database\?/);
  });

  it.skipIf(cannotDropPrivileges)('an existing database the user may not write: DB_READ_ONLY, and the file is left as it was', () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const path = join(dir, 'cohorts.db');
    CohortStore.open(path).close();
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const r = openAsUser(path);
    expect(r.error?.code).toBe('DB_READ_ONLY');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a database made read-only while open refuses writes with DB_READ_ONLY', () => {
    const store = CohortStore.open(join(tmp(), 'c.db'));
    store.db.pragma('query_only = ON');
    try {
      store.createCohort('x', '', 'test');
      expect.unreachable();
    } catch (e) {
      expect(toErrorValue(e).code).toBe('DB_READ_ONLY');
    }
    store.close();
  });

  it('a damaged database or a file that is not one: DB_CORRUPT with a message, also through the command line', async () => {
    const dir = tmp();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 7));
    expect(() => CohortStore.open(junk)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
    const damaged = join(dir, 'damaged.db');
    const s = CohortStore.open(damaged);
    const c = s.createCohort('c', '', 'test');
    for (let i = 0; i < 300; i++) s.audit('test', 'note', 'cohort', c.id, { pad: 'x'.repeat(400) });
    // Everything into the database file itself (not only its write-ahead log), which is then damaged.
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const b = readFileSync(damaged);
    // The schema's own b-tree page and every page after it, damaged.
    for (let i = 100; i < b.length; i += 5) b[i] = 0xff;
    writeFileSync(damaged, b);
    let err = '';
    const code = await runCli(['cohort', 'metrics', '--db', damaged], { stdout: () => undefined, stderr: (t) => (err += t), isTTY: false }, [command]);
    expect(code).toBe(1);
    expect(err).toMatch(/DB_CORRUPT: The cohort database file is damaged/);
    expect(err).not.toContain('SQLITE_');
  });
});
