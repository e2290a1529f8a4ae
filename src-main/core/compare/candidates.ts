/**
 * Prior ECG candidates for the ECG on screen: every source asked at once, each local path read once, the ECG on
 * screen left out however it was found (its path, its SOP Instance UID, its bytes), matched on the patient ID and
 * ranked: the same patient first, then by how recently before this ECG they were acquired. A remote source (a PACS)
 * is given up on at its deadline and its failure becomes a notice: it never holds back or breaks the others.
 */
import { stat } from 'node:fs/promises';
import { type ErrorCode, isCoreError } from '../errors';
import { type DescribeFile, describeFile } from './describe';
import { sameBytes } from './identity';
import type { PacsPriorRef, PriorFinding, PriorQuery, PriorSource, PriorSourceId, RemotePrior } from './prior-sources';

/** One suggestion, before main hands out a token for it. */
export interface PriorCandidatePath {
  /** The local file; null for an ECG only a PACS holds (then `pacs` says how to fetch it). */
  path: string | null;
  pacs: PacsPriorRef | null;
  sources: PriorSourceId[];
  /** 'yes' when both ECGs state the same patient ID, 'no' when they state different ones, else 'unknown'. */
  samePatient: 'yes' | 'no' | 'unknown';
  acquisitionTime: string | null;
  format: string | null;
  /** Reader's error code when the file could not be read (it is listed last, for the record). */
  errorCode: string | null;
  /** What the archive calls it (a PACS study's description), when a source said. */
  description: string | null;
  /** The waveform kind an archive states ("12-Lead ECG Waveform Storage", ...), when a source said. */
  kind: string | null;
}

/** Why a source's suggestions are missing (its error, or why it was not asked). */
export interface PriorNotice {
  source: PriorSourceId;
  code: ErrorCode | null;
  message: string;
}

export interface PriorCandidates {
  candidates: PriorCandidatePath[];
  notices: PriorNotice[];
  /** Remote sources that would be asked but were not (include: 'local'): ask again with include: 'all'. */
  pending: PriorSourceId[];
}

export interface PriorOptions {
  /** 'local': remote sources are not asked, only listed in `pending` (default 'all'). */
  include?: 'local' | 'all';
  /** Reads a candidate file (default: no memory between calls). */
  describe?: DescribeFile;
}

const READ_CONCURRENCY = 4;

/** Patient IDs compared as a reader would: case, spaces and leading zeros do not matter. */
export function samePatientId(a: string | null, b: string | null): PriorCandidatePath['samePatient'] {
  if (!a || !b) return 'unknown';
  const norm = (s: string) => s.trim().toUpperCase().replace(/\s+/g, '').replace(/^0+(?=.)/, '');
  return norm(a) === norm(b) ? 'yes' : 'no';
}

const RANK = { yes: 0, unknown: 1, no: 2 } as const;

/**
 * Orders candidates: readable before unreadable; then same patient, unknown, different; then acquired before the
 * current ECG (most recent first) before those acquired after it or undated.
 */
export function rankCandidates(list: PriorCandidatePath[], currentTime: string | null): PriorCandidatePath[] {
  const before = (c: PriorCandidatePath) => (c.acquisitionTime && currentTime && c.acquisitionTime < currentTime ? 0 : 1);
  return [...list].sort(
    (a, b) =>
      Number(a.errorCode !== null) - Number(b.errorCode !== null) ||
      RANK[a.samePatient] - RANK[b.samePatient] ||
      before(a) - before(b) ||
      (b.acquisitionTime ?? '').localeCompare(a.acquisitionTime ?? ''),
  );
}

/** At most `n` calls of `fn` at a time. */
function limited<A, R>(n: number, fn: (a: A) => Promise<R>): (a: A) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (a) => {
    while (running >= n) await new Promise<void>((r) => waiting.push(r));
    running += 1;
    try {
      return await fn(a);
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/** A remote source's answer, or its deadline error once `deadlineMs` have passed (its work is then aborted). */
async function withinDeadline(source: PriorSource & { remote: NonNullable<PriorSource['remote']> }, query: PriorQuery): Promise<PriorFinding> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(source.remote.deadlineError());
    }, source.remote.deadlineMs);
  });
  try {
    return await Promise.race([source.find(query, controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function noticeOf(source: PriorSourceId, error: unknown): PriorNotice {
  // Only our own messages are shown: a library's may quote a path (file names can hold a patient's name).
  return isCoreError(error)
    ? { source, code: error.code, message: error.message }
    : { source, code: 'INTERNAL', message: 'This source could not be searched.' };
}

interface LocalEntry {
  path: string;
  sources: PriorSourceId[];
  description: string | null;
  kind: string | null;
  info: Promise<Awaited<ReturnType<DescribeFile>>>;
}

const addSource = (list: PriorSourceId[], id: PriorSourceId) => (list.includes(id) ? list : [...list, id]);

/** Asks the sources, reads each distinct path once, leaves the current ECG out, and ranks the result. */
export async function priorCandidates(current: PriorQuery, sources: readonly PriorSource[], options: PriorOptions = {}): Promise<PriorCandidates> {
  const include = options.include ?? 'all';
  const describe = limited(READ_CONCURRENCY, options.describe ?? ((p: string) => describeFile(p)));
  const local = new Map<string, LocalEntry>();
  const remote: { source: PriorSourceId; prior: RemotePrior }[] = [];
  const notices: PriorNotice[] = [];
  const pending: PriorSourceId[] = [];

  // Files start being read as soon as their source answers, while slower sources are still being asked.
  const take = (id: PriorSourceId, finding: PriorFinding) => {
    for (const f of finding.files) {
      if (f.path === current.path) continue;
      const entry = local.get(f.path) ?? { path: f.path, sources: [], description: null, kind: null, info: describe(f.path) };
      entry.sources = addSource(entry.sources, id);
      entry.description ??= f.description ?? null;
      entry.kind ??= f.kind ?? null;
      local.set(f.path, entry);
    }
    for (const prior of finding.remote ?? []) remote.push({ source: id, prior });
  };
  const ask = async (s: PriorSource) => {
    try {
      const plan = s.plan ? await s.plan(current) : 'ask';
      if (plan === 'skip') return;
      if (plan !== 'ask') return void notices.push({ source: s.id, code: null, message: plan.notice });
      if (s.remote && include === 'local') return void pending.push(s.id);
      const remoteSource = s.remote ? (s as PriorSource & { remote: NonNullable<PriorSource['remote']> }) : undefined;
      take(s.id, remoteSource ? await withinDeadline(remoteSource, current) : await s.find(current, new AbortController().signal));
    } catch (error) {
      // One source failing (an unreadable database, an unreachable server) leaves the others' suggestions.
      notices.push(noticeOf(s.id, error));
    }
  };
  await Promise.all(sources.map(ask));

  const described = await Promise.all([...local.values()].map(async (e) => ({ ...e, info: await e.info })));
  const currentSize = await stat(current.path).then((s) => s.size).catch(() => -1);
  const hashes = new Map<string, Promise<string>>();
  const bySop = new Map<string, (typeof described)[number]>();
  const kept: typeof described = [];
  for (const e of described) {
    const sop = e.info.sopInstanceUid;
    if (sop !== null && sop === current.sopInstanceUid) continue;
    const size = await stat(e.path).then((s) => s.size).catch(() => -2);
    if (size === currentSize && (await sameBytes(current.path, e.path, hashes))) continue;
    // Two copies of one DICOM instance (a folder's and the PACS cache's): one suggestion, every source named.
    const twin = sop === null ? undefined : bySop.get(sop);
    if (twin) {
      for (const id of e.sources) twin.sources = addSource(twin.sources, id);
      twin.description ??= e.description;
      twin.kind ??= e.kind;
      continue;
    }
    if (sop !== null) bySop.set(sop, e);
    kept.push(e);
  }

  const list: PriorCandidatePath[] = kept.map((e) => ({
    path: e.path,
    pacs: null,
    sources: e.sources,
    samePatient: samePatientId(current.patientId, e.info.patientId),
    acquisitionTime: e.info.acquisitionTime,
    format: e.info.format,
    errorCode: e.info.errorCode,
    description: e.description,
    kind: e.kind,
  }));
  const listedRemote = new Set<string>();
  for (const { source, prior } of remote) {
    if (prior.sopInstanceUid === current.sopInstanceUid || listedRemote.has(prior.sopInstanceUid)) continue;
    // Already on this machine (a local copy): that file is the suggestion, and it says where else it is.
    const copy = bySop.get(prior.sopInstanceUid);
    const shown = copy ? list[kept.indexOf(copy)] : undefined;
    if (shown) {
      shown.sources = addSource(shown.sources, source);
      shown.description ??= prior.description;
      shown.kind ??= prior.pacs.sopClassName;
      continue;
    }
    listedRemote.add(prior.sopInstanceUid);
    list.push({
      path: null,
      pacs: prior.pacs,
      sources: [source],
      samePatient: samePatientId(current.patientId, prior.patientId),
      acquisitionTime: prior.acquisitionTime,
      format: 'dicom',
      errorCode: null,
      description: prior.description,
      kind: prior.pacs.sopClassName,
    });
  }
  return { candidates: rankCandidates(list, current.acquisitionTime), notices, pending };
}

