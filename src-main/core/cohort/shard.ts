import { basename, dirname, extname, join } from 'node:path';
import { CoreError } from '../errors';
import type { Db } from './db';
import type { Shard } from './file-source';

/**
 * Content-hash partitioning for scoring one cohort on several machines (`cohort score --shard K/N`): a file
 * belongs to part `hash mod N` of its sha256, so a re-listing, a moved folder, a re-run or another machine's
 * mount of the same archive always puts it in the same part. Parts are numbered 1..N on the command line
 * (as a person counts) and 0..N-1 inside (as Slurm array and Kubernetes completion indexes count).
 */

/** The part (0..count-1) a content hash belongs to: its first 52 bits (exact in a double) modulo count. */
export function contentShardOf(sha256: string, count: number): number {
  if (!/^[0-9a-f]{13}/i.test(sha256)) throw new CoreError('SHARD_INVALID', 'A content hash is needed to place a file in a shard.');
  return parseInt(sha256.slice(0, 13), 16) % count;
}

/** True unless this is a content shard that the file's hash places elsewhere. */
export function inContentShard(sha256: string, shard: Shard | undefined): boolean {
  return shard?.by !== 'content' || contentShardOf(sha256, shard.count) === shard.index;
}

/** Largest shard count accepted (a sanity cap: an array of more tasks than this is a typo). */
export const MAX_SHARDS = 100_000;

function checked(index: number, count: number, what: string): Shard {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new CoreError('SHARD_INVALID', `${what}: the shard count must be a whole number from 1 to ${MAX_SHARDS}.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new CoreError('SHARD_INVALID', `${what}: shard ${index + 1} is not one of 1..${count}.`);
  }
  return { index, count, by: 'content' };
}

const int = (v: string | undefined): number => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);

/**
 * `K/N` (1-based K), `auto` or `auto/N`. `auto` takes the index from Slurm (SLURM_ARRAY_TASK_ID minus
 * SLURM_ARRAY_TASK_MIN, count SLURM_ARRAY_TASK_COUNT) or Kubernetes (JOB_COMPLETION_INDEX, whose Job does not
 * tell the pod the count: give it as auto/N). A count given with auto must agree with Slurm's.
 */
export function parseShardSpec(spec: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const text = spec.trim();
  const explicit = /^(\d+)\/(\d+)$/.exec(text);
  if (explicit) return checked(Number(explicit[1]) - 1, Number(explicit[2]), `--shard ${text}`);
  const auto = /^auto(?:\/(\d+))?$/.exec(text);
  if (!auto) throw new CoreError('SHARD_INVALID', `--shard takes K/N (1 <= K <= N), auto or auto/N, not "${text}".`);
  const given = auto[1] === undefined ? undefined : Number(auto[1]);
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const count = int(env.SLURM_ARRAY_TASK_COUNT);
    const index = int(env.SLURM_ARRAY_TASK_ID) - (env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : int(env.SLURM_ARRAY_TASK_MIN));
    if (given !== undefined && given !== count) {
      throw new CoreError('SHARD_INVALID', `--shard auto/${given}: the Slurm array has ${count} tasks.`);
    }
    return checked(index, count, 'Slurm array (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (given === undefined) throw new CoreError('SHARD_INVALID', 'Kubernetes sets JOB_COMPLETION_INDEX but not the count: use --shard auto/N (N = the Job\'s completions).');
    return checked(int(env.JOB_COMPLETION_INDEX), given, 'Kubernetes Indexed Job (JOB_COMPLETION_INDEX)');
  }
  throw new CoreError('SHARD_INVALID', '--shard auto needs a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX).');
}

/** "2/4" for shard index 1 of 4. */
export const shardLabel = (s: Shard): string => `${s.index + 1}/${s.count}`;

/**
 * The database file of one shard: `cohort.db` -> `cohort.shard-2-of-4.db`. Every shard writes its own file,
 * never a shared one (several writers on one SQLite file are unsafe on network file systems).
 */
export function shardDbPath(dbPath: string, s: Shard): string {
  const ext = extname(dbPath) || '.db';
  const stem = basename(dbPath, extname(dbPath));
  return join(dirname(dbPath), `${stem}.shard-${s.index + 1}-of-${s.count}${ext}`);
}

/** What a shard database records about itself (migration 3's shard_info). */
export interface ShardInfo {
  index: number;
  count: number;
  modelId: string;
  modelVersion: string;
  /** sha256 of the pack's network file, when known: two packs with one id and version but other weights differ here. */
  modelSha256: string | null;
}

export function readShardInfo(db: Db): ShardInfo | null {
  const row = db.prepare('SELECT shard_index, shard_count, model_id, model_version, model_sha256 FROM shard_info WHERE id = 1').get() as
    | { shard_index: number; shard_count: number; model_id: string; model_version: string; model_sha256: string | null }
    | undefined;
  return row
    ? { index: row.shard_index, count: row.shard_count, modelId: row.model_id, modelVersion: row.model_version, modelSha256: row.model_sha256 }
    : null;
}

/**
 * Marks a database as one shard (first run), or checks that a re-run scores the same shard with the same pack:
 * mixing parts or packs in one shard file would make the merge's refusal come too late.
 */
export function recordShard(db: Db, info: ShardInfo): void {
  const have = readShardInfo(db);
  if (!have) {
    db.prepare(
      `INSERT INTO shard_info (id, shard_index, shard_count, partition, model_id, model_version, model_sha256, created_at)
       VALUES (1, ?, ?, 'sha256-prefix-mod', ?, ?, ?, ?)`,
    ).run(info.index, info.count, info.modelId, info.modelVersion, info.modelSha256, new Date().toISOString());
    return;
  }
  if (have.index !== info.index || have.count !== info.count) {
    throw new CoreError('SHARD_MISMATCH', `This database holds shard ${shardLabel(have)}, not ${shardLabel(info)}.`);
  }
  if (have.modelId !== info.modelId || have.modelVersion !== info.modelVersion || (have.modelSha256 && info.modelSha256 && have.modelSha256 !== info.modelSha256)) {
    throw new CoreError('SHARD_MISMATCH', `This shard was scored with ${have.modelId} ${have.modelVersion}; score it again into a new database to use another pack.`);
  }
}
