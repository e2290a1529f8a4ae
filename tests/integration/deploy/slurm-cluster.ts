import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * A real single-node Slurm cluster for a test (Debian's slurm-wlm and munge), all in one temp folder: a munge
 * key made here, munged, slurmctld and slurmd in the foreground as children of this process, on free ports.
 * stop() ends the three by their PIDs (SIGTERM, then SIGKILL) whatever happened.
 */
export interface SlurmCluster {
  env: NodeJS.ProcessEnv;
  dir: string;
  stop(): Promise<void>;
  logs(): string;
}

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/sinfo'];

/** Why a cluster cannot start here (missing packages, not root), or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) return `Slurm/munge not installed (${missing.join(', ')}): apt-get install slurm-wlm munge (.ci/run does)`;
  if (process.getuid?.() !== 0) return 'slurmd must run as root to start job steps (CI runs as root)';
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlurm(dir: string): Promise<SlurmCluster> {
  const node = execFileSync('hostname', ['-s'], { encoding: 'utf8' }).trim() || hostname();
  for (const d of ['munge', 'socket', 'state', 'spool', 'log', 'run']) mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
  // munged checks permissions: the key's folder private, the socket's folder (and the path to it) searchable by all.
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'socket'), 0o755);
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, 'socket', 'munge.socket');
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=echoingtest', `SlurmctldHost=${node}(127.0.0.1)`, `SlurmctldPort=${ctldPort}`, `SlurmdPort=${dPort}`,
      'SlurmUser=root', 'SlurmdUser=root', `AuthType=auth/munge`, `AuthInfo=socket=${socket}`, 'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`, `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'run', 'slurmctld.pid')}`, `SlurmdPidFile=${join(dir, 'run', 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`, `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_CPU',
      'MpiDefault=none', 'ReturnToService=2', 'SchedulerType=sched/backfill', 'SchedulerParameters=kill_invalid_depend',
      'JobCompType=jobcomp/none', 'AccountingStorageType=accounting_storage/none', 'JobAcctGatherType=jobacct_gather/none',
      'SlurmctldTimeout=30', 'SlurmdTimeout=30', 'InactiveLimit=0', 'MinJobAge=300', 'KillWait=5',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=${Math.floor(totalmem() / 2 ** 20) - 512} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const launch = (cmd: string, args: string[], log: string) => {
    const out = join(dir, 'log', log);
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    c.stdout?.on('data', (b: Buffer) => chunks.push(b));
    c.stderr?.on('data', (b: Buffer) => chunks.push(b));
    c.on('exit', () => writeFileSync(out, Buffer.concat(chunks)));
    children.push(c);
    return c;
  };
  const stop = async () => {
    // Reverse order: slurmd, slurmctld, munged; each by its own PID, never by name.
    for (const c of [...children].reverse()) {
      if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) continue;
      const ended = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const timedOut = await Promise.race([ended.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) {
        c.kill('SIGKILL');
        await ended;
      }
    }
  };
  const logs = () =>
    ['slurmctld.log', 'slurmd.log'].map((f) => (existsSync(join(dir, 'log', f)) ? `--- ${f}\n${readFileSync(join(dir, 'log', f), 'utf8').slice(-3000)}` : '')).join('\n');
  try {
    launch('/usr/sbin/munged', ['-F', '-f', '--key-file', key, '--socket', socket, '--pid-file', join(dir, 'run', 'munged.pid'), '--seed-file', join(dir, 'munge', 'seed'), '--log-file', join(dir, 'log', 'munged.log')], 'munged.out');
    for (let i = 0; i < 50 && !existsSync(socket); i++) await sleep(100);
    if (!existsSync(socket)) throw new Error('munged did not create its socket');
    launch('/usr/sbin/slurmctld', ['-D', '-f', conf], 'slurmctld.out');
    await sleep(1000);
    launch('/usr/sbin/slurmd', ['-D', '-f', conf, '-N', node], 'slurmd.out');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = spawnSync('/usr/bin/sinfo', ['-h', '-N', '-o', '%T'], { env, encoding: 'utf8' });
      if (r.status === 0 && /^(idle|mixed|allocated)/m.test(r.stdout)) break;
      if (children.some((c) => c.exitCode !== null)) throw new Error(`a Slurm daemon exited\n${logs()}`);
      if (Date.now() > deadline) throw new Error(`the node never became idle: ${r.stdout} ${r.stderr}\n${logs()}`);
      await sleep(500);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, dir, stop, logs };
}
