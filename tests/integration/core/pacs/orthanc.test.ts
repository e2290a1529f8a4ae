/**
 * The PACS client against a real Orthanc (Debian orthanc + orthanc-dicomweb) on 127.0.0.1: C-ECHO, C-FIND
 * (study, series, image), C-GET, C-MOVE to our own storage SCP, QIDO-RS and WADO-RS, each retrieved file's
 * decoded leads compared with the committed original; the cache makes a second retrieve a no-op; failures
 * (AE titles refused, wrong port, timeout, unknown instance, a study without waveforms) come back coded.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../../src-main/core/ecg';
import type { EcgRecord } from '../../../../src-main/core/ecg/record';
import { isCoreError } from '../../../../src-main/core/errors';
import { InstanceCache } from '../../../../src-main/core/pacs/cache';
import type { RetrieveSink } from '../../../../src-main/core/pacs/connection';
import { dicomwebConnection } from '../../../../src-main/core/pacs/dicomweb/connection';
import { dimseConnection } from '../../../../src-main/core/pacs/dimse/connection';
import { findSeriesWithCounts, findStudiesWithCounts } from '../../../../src-main/core/pacs/query';
import { runRetrieve } from '../../../../src-main/core/pacs/retrieve';
import type { DicomwebNode, DimseNode, PacsInstance, RetrieveMethod } from '../../../../src-main/core/pacs/types';
import { freePort, startOrthanc, type OrthancServer } from '../../../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A1, STUDY_A2, STUDY_B1, STUDY_C1, uid, type FixtureInstance } from '../../../helpers/pacs-fixtures';

const APP_AE = 'ECHOING';
let orthanc: OrthancServer;
let movePort: number;
let dimse: DimseNode;
let web: DicomwebNode;
const fixtures = archive();
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'echoing-pacs-'));
  dirs.push(d);
  return d;
}

/** Every group's leads, as plain arrays, for comparing a retrieved file with its original. */
function leads(record: EcgRecord) {
  return record.groups.map((g) => ({ rate: g.sampleRateHz, leads: g.leads.map((l) => ({ name: l.name, samples: Array.from(l.samples) })) }));
}

async function expectSameLeads(cache: InstanceCache, f: FixtureInstance) {
  const got = await readEcgFile(cache.pathOf(f.id.sopInstanceUid));
  const want = await readEcgFile(f.source as string);
  expect(leads(got)).toEqual(leads(want));
  expect(got.fields.find((x) => x.key === 'patientId')?.value).toBe(f.id.patientId);
}

const ecgsOf = (study: string) => fixtures.filter((f) => f.id.studyUid === study && f.source !== null);

beforeAll(async () => {
  movePort = await freePort();
  orthanc = await startOrthanc({ modalities: { app: [APP_AE, '127.0.0.1', movePort], dcmtk: ['DCMTK', '127.0.0.1', 4242] } });
  for (const f of fixtures) await orthanc.upload(f.bytes);
  dimse = {
    id: 'orthanc', name: 'Orthanc', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort,
    callingAe: APP_AE, retrieveMethod: 'get', movePort, moveListenHost: '127.0.0.1', connectTimeoutS: 5, timeoutS: 20,
  };
  web = { id: 'orthanc-web', name: 'Orthanc web', protocol: 'dicomweb', baseUrl: orthanc.dicomWeb, auth: 'none', timeoutS: 20 };
});

afterAll(async () => {
  await orthanc?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('test connection', () => {
  it('answers C-ECHO and a QIDO query', async () => {
    const echo = await dimseConnection(dimse).echo();
    expect(echo.detail).toContain(orthanc.aet);
    const web1 = dicomwebConnection(web, undefined);
    await expect(web1.echo()).resolves.toMatchObject({ protocol: 'dicomweb' });
    await web1.close();
  });

  it('codes a refused calling AE, a wrong called AE and a wrong port', async () => {
    await expect(dimseConnection({ ...dimse, callingAe: 'STRANGER' }).echo()).rejects.toMatchObject({ code: 'PACS_ASSOCIATION_REJECTED' });
    await expect(dimseConnection({ ...dimse, calledAe: 'NOT-ORTHANC' }).echo()).rejects.toMatchObject({ code: 'PACS_ASSOCIATION_REJECTED' });
    await expect(dimseConnection({ ...dimse, port: await freePort() }).echo()).rejects.toMatchObject({ code: 'PACS_CONNECTION_FAILED' });
    const dead = dicomwebConnection({ ...web, baseUrl: `http://127.0.0.1:${await freePort()}/dicom-web` }, undefined);
    await expect(dead.echo()).rejects.toMatchObject({ code: 'PACS_CONNECTION_FAILED' });
    await dead.close();
  });

  it('times out against a peer that accepts the connection and never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      await expect(dimseConnection({ ...dimse, port, timeoutS: 1 }).echo()).rejects.toMatchObject({ code: 'PACS_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      silent.close();
    }
  });
});

describe('query', () => {
  it('finds a patient by id, name and accession at study level, with waveform counts (DIMSE and QIDO agree)', async () => {
    const web1 = dicomwebConnection(web, undefined);
    for (const c of [dimseConnection(dimse), web1]) {
      const byId = await findStudiesWithCounts(c, { patientId: PATIENT_A.patientId });
      expect(byId.map((s) => [s.studyUid, s.studyDate, s.waveformInstances]).sort()).toEqual([
        [STUDY_A1, '2023-03-01', 1],
        [STUDY_A2, '2024-06-15', 3],
      ]);
      expect(byId[0]?.patientName).toBe(PATIENT_A.patientName);
      const byName = await findStudiesWithCounts(c, { patientName: 'DOE' });
      expect(byName.map((s) => s.studyUid).sort()).toEqual([STUDY_A1, STUDY_A2]);
      const byAccession = await findStudiesWithCounts(c, { accession: 'ACC-A2' });
      expect(byAccession.map((s) => s.studyUid)).toEqual([STUDY_A2]);
      // A date range: the non-ECG study of the same year is not an ECG/HD study.
      const range = await findStudiesWithCounts(c, { from: '2024-01-01', to: '2024-12-31' });
      expect(range.map((s) => s.studyUid).sort()).toEqual([STUDY_A2, STUDY_B1].sort());
      const series = await findSeriesWithCounts(c, STUDY_A2);
      expect(series.map((s) => [s.seriesUid, s.waveformInstances]).sort()).toEqual([
        [`${STUDY_A2}.1`, 2],
        [`${STUDY_A2}.2`, 1],
        [`${STUDY_A2}.3`, 0],
      ]);
    }
    await web1.close();
  });
});

describe.each<[RetrieveMethod, () => DimseNode | DicomwebNode]>([
  ['get', () => dimse],
  ['move', () => ({ ...dimse, retrieveMethod: 'move' })],
  ['wado', () => web],
])('retrieve by %s', (method, nodeOf) => {
  const connect = () => {
    const node = nodeOf();
    return node.protocol === 'dimse' ? { ...dimseConnection(node), close: async () => undefined } : dicomwebConnection(node, undefined);
  };

  it('fetches only the waveform instances, leads identical to the originals; a second retrieve is a no-op', async () => {
    const cache = new InstanceCache(await tempDir());
    const c = connect();
    try {
      const events: number[] = [];
      const first = await runRetrieve(c, cache, { jobId: 'j1', nodeId: 'n', method, studies: [{ studyUid: STUDY_A2 }, { studyUid: STUDY_B1 }] }, {
        onProgress: (p) => events.push(p.retrieved),
      });
      expect(first.progress).toMatchObject({ state: 'done', total: 4, retrieved: 4, cached: 0, failed: 0, skippedNonWaveform: 1 });
      expect(events.at(-1)).toBe(4);
      for (const f of [...ecgsOf(STUDY_A2), ...ecgsOf(STUDY_B1)]) await expectSameLeads(cache, f);
      const nonEcg = fixtures.find((f) => f.id.studyUid === STUDY_A2 && f.source === null);
      expect(await cache.has(nonEcg?.id.sopInstanceUid as string)).toBe(false);
      const mtimes = await Promise.all(first.instances.map(async (i) => (await stat(cache.pathOf(i.sopInstanceUid))).mtimeMs));
      const again = await runRetrieve(c, cache, { jobId: 'j2', nodeId: 'n', method, studies: [{ studyUid: STUDY_A2 }, { studyUid: STUDY_B1 }] });
      expect(again.progress).toMatchObject({ state: 'done', retrieved: 0, cached: 4, bytes: 0 });
      expect(await Promise.all(first.instances.map(async (i) => (await stat(cache.pathOf(i.sopInstanceUid))).mtimeMs))).toEqual(mtimes);
    } finally {
      await c.close();
    }
  });

  it('codes an instance the PACS does not have as PACS_NOT_FOUND', async () => {
    const c = connect();
    const failed: { uid: string; code: string }[] = [];
    const sink: RetrieveSink = { received: () => Promise.resolve(), failed: (u, code) => failed.push({ uid: u, code }) };
    const ghost: PacsInstance = { studyUid: STUDY_A1, seriesUid: `${STUDY_A1}.1`, sopInstanceUid: uid(9, 9, 9), sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', instanceNumber: '1' };
    try {
      await c.retrieve([ghost], method, sink);
    } catch (error) {
      // Some paths report a whole-request failure instead; it must still be coded.
      expect(isCoreError(error)).toBe(true);
    } finally {
      await c.close();
    }
    expect(failed).toEqual([{ uid: ghost.sopInstanceUid, code: 'PACS_NOT_FOUND' }]);
  });

  it('reports a study without waveform instances as PACS_NO_WAVEFORMS', async () => {
    const c = connect();
    try {
      const r = await runRetrieve(c, new InstanceCache(await tempDir()), { jobId: 'j3', nodeId: 'n', method, studies: [{ studyUid: STUDY_C1 }] });
      expect(r.progress.state).toBe('failed');
      expect(r.progress.error?.code).toBe('PACS_NO_WAVEFORMS');
      expect(r.progress.skippedNonWaveform).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe('a retrieve by query (date range for a cohort)', () => {
  it('retrieves every ECG study of the range', async () => {
    const cache = new InstanceCache(await tempDir());
    const r = await runRetrieve(dimseConnection(dimse), cache, { jobId: 'q', nodeId: 'n', method: 'get', query: { from: '2023-01-01', to: '2023-12-31' } });
    expect(r.progress).toMatchObject({ state: 'done', retrieved: 1, total: 1 });
    expect(r.instances.map((i) => i.studyUid)).toEqual([STUDY_A1]);
  });
});
