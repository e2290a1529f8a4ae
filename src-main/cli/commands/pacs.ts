import { dataDir as sharedDataDir } from '../../core/app-paths';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { dicomwebNodeSchema, dimseNodeSchema } from '../../contract/pacs';
import { CoreError } from '../../core/errors';
import { InstanceCache } from '../../core/pacs/cache';
import { PacsNodeStore } from '../../core/pacs/config';
import { defaultMethod, withConnection } from '../../core/pacs/open';
import { findStudiesWithCounts } from '../../core/pacs/query';
import { runRetrieve } from '../../core/pacs/retrieve';
import { FileSecretStore, MemorySecretStore, nodeSecretKey, type SecretStore } from '../../core/pacs/secrets';
import type { PacsNode, PacsQuery, RetrieveMethod, RetrieveProgress } from '../../core/pacs/types';
import { listFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../args';
import type { CliCommand, CliIo } from '../types';
import { studiesTable } from './pacs-table';

const USAGE = `Usage: echoing-ecg pacs echo --node NAME
       echoing-ecg pacs find --node NAME [--patient-id ID] [--patient-name NAME] [--accession A]
                             [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--modality ECG|HD] [--limit N] [--json]
       echoing-ecg pacs get --node NAME (--study UID ... | --from YYYY-MM-DD --to YYYY-MM-DD [--patient-id ID])
                            --out DIR [--method get|move|wado] [--json]

Query and retrieve ECGs from a PACS. Only waveform instances (12-lead, general, ambulatory, hemodynamic ECG)
are retrieved; they go into the local cache (keyed by SOP Instance UID: a second get fetches nothing again)
and are copied to --out as <SOP Instance UID>.dcm.

The node: --node NAME from <data-dir>/pacs-nodes.json (the app's PACS settings), or given inline:
  --dicomweb URL                          a DICOMweb service (QIDO-RS, WADO-RS); a bearer token may be
                                          given in the environment variable ECHOING_PACS_TOKEN
  --aet AE --host H --port P              a DIMSE peer (its AE title), with
        [--calling-aet AE]                our AE title (default ECHOING)
        [--move-port N]                   our storage SCP port for --method move (default 11113)
Options:
  --data-dir DIR   Config, credentials and cache (default: $ECHOING_ECG_DATA_DIR, else the per-user data folder)
  --json           Print JSON (find: the studies; get: the final progress and the files written)
  --timeout S      Seconds without an answer before PACS_TIMEOUT (inline nodes; default 30)
Exit code: 0 on success, 1 on a failure (coded, e.g. PACS_ASSOCIATION_REJECTED), 2 on a usage mistake.
`;

const SPEC = {
  node: { type: 'string' }, dicomweb: { type: 'string' }, aet: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' },
  'calling-aet': { type: 'string' }, 'move-port': { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' },
  'patient-id': { type: 'string' }, 'patient-name': { type: 'string' }, accession: { type: 'string' }, from: { type: 'string' },
  to: { type: 'string' }, modality: { type: 'string', multiple: true }, limit: { type: 'string' }, study: { type: 'string', multiple: true },
  out: { type: 'string' }, method: { type: 'string' }, timeout: { type: 'string' },
} as const;

/** The command's own --data-dir, else the global one (runCli takes it out), else ECHOING_ECG_DATA_DIR, else the platform's. */
function dataDir(args: ParsedArgs, io: CliIo): string {
  return sharedDataDir(stringFlag(args, 'data-dir') ?? io.dataDir);
}

function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number.`);
  return n;
}

/** The node from --node (config file) or the inline flags. */
async function nodeOf(args: ParsedArgs, dir: string): Promise<{ node: PacsNode; secret?: string }> {
  const name = stringFlag(args, 'node');
  const url = stringFlag(args, 'dicomweb');
  const aet = stringFlag(args, 'aet');
  const given = [name, url, aet].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('Give the node: --node NAME, or --dicomweb URL, or --aet AE --host H --port P.');
  if (name !== undefined) return { node: await new PacsNodeStore(dir).node(name) };
  const timeoutS = numberFlag(args, 'timeout') ?? 30;
  if (url !== undefined) {
    const token = process.env.ECHOING_PACS_TOKEN;
    const parsed = dicomwebNodeSchema.safeParse({ id: 'inline', name: 'inline', protocol: 'dicomweb', baseUrl: url, auth: token ? 'bearer' : 'none', timeoutS });
    if (!parsed.success) throw new UsageError(`--dicomweb: ${parsed.error.issues[0]?.message ?? 'not a URL'}.`);
    return { node: parsed.data, ...(token ? { secret: token } : {}) };
  }
  const parsed = dimseNodeSchema.safeParse({
    id: 'inline', name: 'inline', protocol: 'dimse', calledAe: aet, host: stringFlag(args, 'host'), port: numberFlag(args, 'port'),
    callingAe: stringFlag(args, 'calling-aet') ?? 'ECHOING', movePort: numberFlag(args, 'move-port') ?? 11113, timeoutS,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`Inline DIMSE node: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'} (give --aet, --host and --port).`);
  }
  return { node: parsed.data };
}

function queryOf(args: ParsedArgs): PacsQuery {
  const q: PacsQuery = {};
  const set = <K extends keyof PacsQuery>(key: K, value: PacsQuery[K] | undefined) => {
    if (value !== undefined) q[key] = value;
  };
  set('patientId', stringFlag(args, 'patient-id'));
  set('patientName', stringFlag(args, 'patient-name'));
  set('accession', stringFlag(args, 'accession'));
  for (const flag of ['from', 'to'] as const) {
    const v = stringFlag(args, flag);
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--${flag} takes a date as YYYY-MM-DD.`);
    set(flag, v);
  }
  const modalities = listFlag(args, 'modality').map((m) => m.toUpperCase());
  if (modalities.some((m) => m !== 'ECG' && m !== 'HD')) throw new UsageError('--modality is ECG or HD.');
  if (modalities.length > 0) q.modalities = modalities as PacsQuery['modalities'];
  const limit = numberFlag(args, 'limit');
  if (limit !== undefined) q.limit = Math.floor(limit);
  return q;
}

/** The data folder's credentials, or (inline node) the token from the environment, held in memory only. */
async function secretsFor(dir: string, node: PacsNode, inline?: string): Promise<SecretStore> {
  if (inline === undefined) return new FileSecretStore(dir);
  const memory = new MemorySecretStore();
  await memory.set(nodeSecretKey(node.id), inline);
  return memory;
}

async function echo(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = dataDir(args, io);
  const { node, secret } = await nodeOf(args, dir);
  const result = await withConnection(node, await secretsFor(dir, node, secret), (c) => c.echo());
  io.stdout(args.flags.json ? `${JSON.stringify(result)}\n` : `ok: ${result.detail} (${result.milliseconds} ms)\n`);
  return 0;
}

async function find(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = dataDir(args, io);
  const { node, secret } = await nodeOf(args, dir);
  const studies = await withConnection(node, await secretsFor(dir, node, secret), (c) => findStudiesWithCounts(c, queryOf(args)));
  io.stdout(args.flags.json ? `${JSON.stringify(studies, null, 2)}\n` : studiesTable(studies));
  return 0;
}

function progressLine(p: RetrieveProgress): string {
  return `${p.state}: ${p.retrieved} retrieved, ${p.cached} already cached, ${p.failed} failed of ${p.total ?? '?'} waveform instances` +
    `${p.skippedNonWaveform ? ` (${p.skippedNonWaveform} non-waveform left on the PACS)` : ''}, ${p.instancesPerSecond} instances/s`;
}

async function get(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = stringFlag(args, 'out');
  if (!out) throw new UsageError('--out DIR is required.');
  const studies = listFlag(args, 'study');
  const query = queryOf(args);
  if (studies.length === 0 && !query.from && !query.to) throw new UsageError('Give --study UID (repeatable) or a date range (--from/--to).');
  if (studies.some((s) => !/^[0-9]+(\.[0-9]+)*$/.test(s))) throw new UsageError('--study takes a Study Instance UID.');
  const dir = dataDir(args, io);
  const { node, secret } = await nodeOf(args, dir);
  const method = (stringFlag(args, 'method') ?? defaultMethod(node)) as RetrieveMethod;
  if (!['get', 'move', 'wado'].includes(method)) throw new UsageError('--method is get, move or wado.');
  const cache = new InstanceCache(dir);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let outcome;
  try {
    outcome = await withConnection(node, await secretsFor(dir, node, secret), (c) =>
      runRetrieve(c, cache, { jobId: 'cli', nodeId: node.id, method, ...(studies.length > 0 ? { studies: studies.map((studyUid) => ({ studyUid })) } : { query }) }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (io.isTTY && !args.flags.json) io.stderr(`\r${progressLine(p)}`);
        },
      }),
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const target = resolve(out);
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  for (const i of outcome.instances) {
    const dest = join(target, `${i.sopInstanceUid}.dcm`);
    await copyFile(cache.pathOf(i.sopInstanceUid), dest);
    written.push(dest);
  }
  const p = outcome.progress;
  if (args.flags.json) io.stdout(`${JSON.stringify({ ...p, files: written }, null, 2)}\n`);
  else {
    if (io.isTTY) io.stderr('\n');
    io.stdout(`${progressLine(p)}\nwrote ${written.length} file(s) to ${target}\n`);
    for (const f of p.failures.slice(0, 50)) io.stdout(`  ${f.sopInstanceUid}: ${f.code} ${f.message}\n`);
    if (p.error) io.stdout(`${p.error.code}: ${p.error.message}\n`);
  }
  if (p.state === 'failed' && p.error && written.length === 0) throw new CoreError(p.error.code, p.error.message);
  return p.state === 'done' && p.failed === 0 ? 0 : 1;
}

/** `echoing-ecg pacs echo|find|get`. */
export const command: CliCommand = {
  name: 'pacs',
  summary: 'Test, query and retrieve ECGs from a PACS (DIMSE C-ECHO/C-FIND/C-GET/C-MOVE, DICOMweb QIDO/WADO)',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, SPEC);
    if (args.positionals.length > 0) throw new UsageError(`Unexpected argument: ${args.positionals[0]}`);
    switch (sub) {
      case 'echo':
        return echo(args, io);
      case 'find':
        return find(args, io);
      case 'get':
        return get(args, io);
      default:
        throw new UsageError(sub ? `Unknown pacs command "${sub}".` : 'Say what to do: echo, find or get.');
    }
  },
};
