import { performance } from 'node:perf_hooks';
import { CoreError, toErrorValue } from '../errors';
import type { InstanceCache } from './cache';
import type { PacsConnection, RetrieveSink } from './connection';
import { splitWaveforms } from './query';
import type { InstanceFailure, PacsInstance, PacsQuery, RetrieveMethod, RetrieveProgress } from './types';
import { isRetrievedSopClass } from './waveform-classes';

export interface RetrieveSpec {
  jobId: string;
  nodeId: string;
  method: RetrieveMethod;
  /** Studies (or single series, or single instances) to retrieve ... */
  studies?: RetrieveRef[];
  /** ... or every study a query matches (a date range for a cohort). */
  query?: PacsQuery;
}

/** A study, one series of it, or one instance (a prior ECG chosen for comparison) to retrieve. */
export interface RetrieveRef {
  studyUid: string;
  seriesUid?: string;
  sopInstanceUid?: string;
}

export interface RetrieveOutcome {
  progress: RetrieveProgress;
  /** Every waveform instance the retrieve covered (cached before or fetched now; failures excluded). */
  instances: PacsInstance[];
}

/** Series every instance of which is about to be fetched (so one series-level request brings exactly them). */
function completeSeries(all: readonly PacsInstance[], fetching: ReadonlyMap<string, PacsInstance>): Set<string> {
  const complete = new Set(all.map((i) => i.seriesUid));
  for (const i of all) if (!fetching.has(i.sopInstanceUid)) complete.delete(i.seriesUid);
  return complete;
}

/** Progress events at most this often (plus the last one), so a fast local PACS does not flood the renderer. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * One retrieve: list the studies' instances, keep the waveform classes, skip what the cache already holds,
 * fetch the rest with the chosen method, and account for every instance (fetched, cached, or failed with a
 * code). A connection that fails part-way keeps what arrived; running the same retrieve again fetches only
 * what is still missing.
 */
export async function runRetrieve(
  connection: PacsConnection,
  cache: InstanceCache,
  spec: RetrieveSpec,
  options: { signal?: AbortSignal; onProgress?: (p: RetrieveProgress) => void } = {},
): Promise<RetrieveOutcome> {
  const { signal, onProgress } = options;
  const started = performance.now();
  const progress: RetrieveProgress = {
    jobId: spec.jobId, nodeId: spec.nodeId, method: spec.method, state: 'running', total: null, retrieved: 0, cached: 0,
    failed: 0, skippedNonWaveform: 0, bytes: 0, instancesPerSecond: 0, failures: [],
  };
  let lastEmit = 0;
  const emit = (force = false) => {
    const now = performance.now();
    if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
    lastEmit = now;
    const seconds = (now - started) / 1000;
    progress.instancesPerSecond = seconds > 0 ? Number((progress.retrieved / seconds).toFixed(2)) : 0;
    onProgress?.({ ...progress, failures: [...progress.failures] });
  };
  const covered: PacsInstance[] = [];
  try {
    emit(true);
    const refs: RetrieveRef[] = spec.studies ?? (await connection.findStudies(spec.query ?? {}, signal)).map((s) => ({ studyUid: s.studyUid }));
    // `listed`: every instance of the series looked at (to tell whole series from parts); `all`: those asked for.
    const listed: PacsInstance[] = [];
    const all: PacsInstance[] = [];
    const whole = refs.filter((r) => r.seriesUid === undefined && r.sopInstanceUid === undefined).map((r) => r.studyUid);
    if (whole.length > 0) listed.push(...(await connection.findInstances(whole, undefined, signal)));
    all.push(...listed);
    for (const r of refs) {
      if (r.seriesUid === undefined && r.sopInstanceUid === undefined) continue;
      const found = await connection.findInstances([r.studyUid], r.seriesUid, signal);
      listed.push(...found);
      all.push(...(r.sopInstanceUid === undefined ? found : found.filter((i) => i.sopInstanceUid === r.sopInstanceUid)));
    }
    const { waveforms, others } = splitWaveforms(all);
    progress.skippedNonWaveform = others.length;
    progress.total = waveforms.length;
    if (waveforms.length === 0 && refs.length > 0 && refs.every((r) => r.sopInstanceUid !== undefined)) {
      throw new CoreError('PACS_NOT_FOUND', 'The PACS does not hold this ECG (any more): query it again.');
    }
    if (waveforms.length === 0) {
      throw new CoreError(
        'PACS_NO_WAVEFORMS',
        refs.length === 0
          ? 'No study matches on the PACS.'
          : `No ECG waveform instance in ${refs.length === 1 ? 'this study' : `these ${refs.length} studies`}${others.length ? ` (${others.length} other instance(s) left on the PACS)` : ''}.`,
      );
    }
    const missing: PacsInstance[] = [];
    for (const i of waveforms) {
      if (await cache.has(i.sopInstanceUid)) {
        progress.cached += 1;
        covered.push(i);
      } else missing.push(i);
    }
    emit(true);
    const expected = new Map(missing.map((i) => [i.sopInstanceUid, i]));
    const done = new Set<string>();
    const failures = new Map<string, InstanceFailure>();
    const sink: RetrieveSink = {
      async received(instance, part10) {
        const wanted = expected.get(instance.sopInstanceUid);
        if (!wanted || done.has(instance.sopInstanceUid) || !isRetrievedSopClass(instance.sopClassUid)) {
          throw new CoreError('PACS_PROTOCOL_ERROR', 'The PACS sent an instance that was not asked for.');
        }
        await cache.put(instance.sopInstanceUid, part10);
        done.add(instance.sopInstanceUid);
        failures.delete(instance.sopInstanceUid);
        covered.push(wanted);
        progress.retrieved += 1;
        progress.bytes += part10.byteLength;
        emit();
      },
      failed(sopInstanceUid, code, message) {
        if (!expected.has(sopInstanceUid) || done.has(sopInstanceUid)) return;
        failures.set(sopInstanceUid, { sopInstanceUid, code, message });
      },
    };
    let connectionError: CoreError | undefined;
    try {
      if (missing.length > 0) await connection.retrieve(missing, spec.method, sink, signal, completeSeries(listed, expected));
    } catch (error) {
      const value = toErrorValue(error);
      connectionError = error instanceof CoreError ? error : new CoreError(value.code, value.message, error);
    }
    if (connectionError?.code === 'CANCELLED' || signal?.aborted) {
      progress.state = 'cancelled';
    } else {
      for (const i of missing) {
        if (done.has(i.sopInstanceUid) || failures.has(i.sopInstanceUid)) continue;
        failures.set(i.sopInstanceUid, {
          sopInstanceUid: i.sopInstanceUid,
          code: connectionError?.code ?? 'PACS_NOT_FOUND',
          message: connectionError?.message ?? 'The PACS did not send this instance.',
        });
      }
      progress.failures = [...failures.values()];
      progress.failed = progress.failures.length;
      progress.state = connectionError ? 'failed' : 'done';
      if (connectionError) progress.error = toErrorValue(connectionError);
    }
  } catch (error) {
    const value = toErrorValue(error);
    progress.state = value.code === 'CANCELLED' || signal?.aborted ? 'cancelled' : 'failed';
    if (progress.state === 'failed') progress.error = value;
  }
  emit(true);
  return { progress: { ...progress, failures: [...progress.failures] }, instances: covered };
}
