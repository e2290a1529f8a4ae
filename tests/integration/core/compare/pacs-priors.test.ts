/**
 * Prior ECGs from the PACS, against a real Orthanc (Debian orthanc + orthanc-dicomweb) holding one patient's
 * ECGs from two studies on different dates (plus a non-ECG image, another patient, and the ECG on screen itself):
 * the comparison's suggestions list the PACS's ECGs with date and description (queries only: nothing retrieved),
 * leave the ECG on screen out by its SOP Instance UID, and keep the local suggestions; choosing one retrieves
 * exactly that instance (C-GET, C-MOVE, WADO-RS) and the comparison opens with both ECGs. A PACS that refuses
 * connections, or accepts them and never answers, still leaves the local suggestions, within a bounded time, with
 * a coded notice. Patient identifiers never reach the console.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EcgBeats, OpenedEcg, PriorCandidate, PriorCandidates, RetrieveProgress } from '../../../../src-main/contract';
import { createCompareHandlers } from '../../../../src-main/core/api/compare-handlers';
import { dispatch } from '../../../../src-main/core/api/dispatch';
import { createCoreHandlers } from '../../../../src-main/core/api/index';
import { pacsPriorSource } from '../../../../src-main/core/api/pacs-prior-source';
import type { HandlerMap } from '../../../../src-main/core/api/types';
import { InstanceCache } from '../../../../src-main/core/pacs/cache';
import { dicomwebConnection } from '../../../../src-main/core/pacs/dicomweb/connection';
import { dimseConnection } from '../../../../src-main/core/pacs/dimse/connection';
import { findPatientEcgs } from '../../../../src-main/core/pacs/patient-ecgs';
import { runRetrieve } from '../../../../src-main/core/pacs/retrieve';
import type { DicomwebNode, DimseNode, RetrieveMethod } from '../../../../src-main/core/pacs/types';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';
import { ecgInstance, TWELVE_LEAD } from '../../../helpers/dicom-edit';
import { freePort, startOrthanc, type OrthancServer } from '../../../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A1, STUDY_A2, uid } from '../../../helpers/pacs-fixtures';

const APP_AE = 'ECHOING';
const MUSE = join(__dirname, '../../../fixtures/ecg/ge-muse-xml');
const fixtures = archive();
const fixture = (study: string, series: number, n: number) => {
  const f = fixtures.find((x) => x.id.sopInstanceUid === `${study}.${series}.${n}`);
  if (!f) throw new Error('no such fixture');
  return f;
};
/** The ECG on screen: the PACS's 2024 ECG (study A2, series 1, #1), as a file on this machine. */
const CURRENT = fixture(STUDY_A2, 1, 1);
const A1 = fixture(STUDY_A1, 1, 1);

let orthanc: OrthancServer;
let movePort: number;
let root: string;
let clinic: string;
const dirs: string[] = [];
const console$: string[] = [];

const temp = async (name: string) => {
  const d = await mkdtemp(join(tmpdir(), `echoing-pacs-priors-${name}-`));
  dirs.push(d);
  return d;
};

function dimseNode(): DimseNode {
  return {
    id: 'hospital', name: 'Hospital PACS', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort,
    callingAe: APP_AE, retrieveMethod: 'get', movePort, moveListenHost: '127.0.0.1', connectTimeoutS: 5, timeoutS: 20,
  };
}
const webNode = (): DicomwebNode => ({ id: 'web', name: 'Web', protocol: 'dicomweb', baseUrl: orthanc.dicomWeb, auth: 'none', timeoutS: 20 });

/** A data folder and the app's handlers (the PACS prior source wired as the app wires it). */
async function app(deadlineMs?: number) {
  const dataDir = await temp('data');
  const files = new FileRegistry();
  const deps = { transport: 'web' as const, files, dataDir, bundledModelsDir: join(__dirname, '../../../../models') };
  const core = createCoreHandlers(deps);
  const handlers: HandlerMap =
    deadlineMs === undefined ? core : { ...core, ...createCompareHandlers(deps, new RecentFiles(dataDir), [pacsPriorSource(deps, { deadlineMs })]) };
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, payload, { emit: () => undefined });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  return { dataDir, files, call, token: files.handOut(join(clinic, 'current.dcm'), 'file').token };
}

/** How long the suggestions wait for the answering Orthanc (generous: the machine running the tests is shared). */
const ANSWERING_DEADLINE_MS = 30_000;

const label = (c: PriorCandidate) => c.file?.name ?? `pacs:${c.pacs?.sopInstanceUid}`;

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void console$.push(args.map(String).join(' ')));
  }
  movePort = await freePort();
  orthanc = await startOrthanc({ modalities: { app: [APP_AE, '127.0.0.1', movePort] } });
  for (const f of fixtures) await orthanc.upload(f.bytes);
  // This machine: the ECG on screen (a copy of the PACS's instance), a byte copy of it under another name, a 2022
  // ECG of the same patient that only this machine has, and another patient's ECG.
  root = await temp('root');
  clinic = join(root, 'clinic');
  await mkdir(clinic);
  await writeFile(join(clinic, 'current.dcm'), CURRENT.bytes);
  await writeFile(join(clinic, 'current-copy.dcm'), CURRENT.bytes);
  const localStudy = uid(7, 1);
  await writeFile(
    join(clinic, 'local-2022.dcm'),
    ecgInstance(TWELVE_LEAD, {
      ...PATIENT_A, studyDate: '20220110', accession: 'LOCAL', studyUid: localStudy, seriesUid: `${localStudy}.1`, sopInstanceUid: `${localStudy}.1.1`,
      acquisitionDateTime: '20220110090000',
    }),
  );
  await copyFile(join(MUSE, 'easyrecg_muse_ecg2.xml'), join(clinic, 'other-patient.xml'));
});

afterAll(async () => {
  vi.restoreAllMocks();
  await orthanc?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('a patient\'s ECGs on the PACS', () => {
  it('lists the waveform instances of both studies with date and description (DIMSE and QIDO agree)', async () => {
    const web = dicomwebConnection(webNode(), undefined);
    try {
      for (const c of [dimseConnection(dimseNode()), web]) {
        const ecgs = await findPatientEcgs(c, PATIENT_A.patientId);
        expect(ecgs.map((e) => [e.sopInstanceUid, e.studyDateTime, e.description])).toEqual([
          [`${STUDY_A2}.1.1`, '2024-06-15T10:15:00', 'Resting ECG'],
          [`${STUDY_A2}.1.2`, '2024-06-15T10:15:00', 'Resting ECG'],
          [`${STUDY_A2}.2.1`, '2024-06-15T10:15:00', 'Resting ECG'],
          [`${STUDY_A1}.1.1`, '2023-03-01T10:15:00', 'Resting ECG'],
        ]);
        expect(ecgs.find((e) => e.seriesUid === `${STUDY_A2}.2`)?.sopClassName).toBe('Hemodynamic Waveform Storage');
        expect(await findPatientEcgs(c, 'NOBODY-HERE')).toEqual([]);
      }
    } finally {
      await web.close();
    }
  });

  it.each<RetrieveMethod>(['get', 'move', 'wado'])('retrieves exactly one chosen instance by %s (not its series)', async (method) => {
    const cache = new InstanceCache(await temp('cache'));
    const node = method === 'wado' ? webNode() : { ...dimseNode(), retrieveMethod: method as 'get' | 'move' };
    const c = node.protocol === 'dimse' ? { ...dimseConnection(node), close: async () => undefined } : dicomwebConnection(node, undefined);
    const chosen = fixture(STUDY_A2, 1, 2);
    try {
      const r = await runRetrieve(c, cache, {
        jobId: 'one', nodeId: node.id, method, studies: [{ studyUid: STUDY_A2, seriesUid: `${STUDY_A2}.1`, sopInstanceUid: chosen.id.sopInstanceUid }],
      });
      expect(r.progress).toMatchObject({ state: 'done', total: 1, retrieved: 1, failed: 0 });
      expect(r.instances.map((i) => i.sopInstanceUid)).toEqual([chosen.id.sopInstanceUid]);
      expect(await cache.has(chosen.id.sopInstanceUid)).toBe(true);
      expect(await cache.has(CURRENT.id.sopInstanceUid)).toBe(false);
      const gone = await runRetrieve(c, cache, { jobId: 'ghost', nodeId: node.id, method, studies: [{ studyUid: STUDY_A2, sopInstanceUid: uid(9, 9, 9) }] });
      expect(gone.progress).toMatchObject({ state: 'failed', error: { code: 'PACS_NOT_FOUND' } });
    } finally {
      await c.close();
    }
  });
});

describe('prior suggestions with a PACS', () => {
  it('lists the PACS priors (nothing retrieved); choosing one retrieves it and the comparison opens with both', async () => {
    const { dataDir, files, call, token } = await app(ANSWERING_DEADLINE_MS);
    await call('pacs:save-node', { node: dimseNode() });

    // First the local sources only, at once; the PACS is named as still to ask.
    const local = await call<PriorCandidates>('compare:candidates', { token, include: 'local' });
    expect(local.pending).toEqual(['pacs']);
    expect(local.candidates.map(label)).toEqual(['local-2022.dcm', 'other-patient.xml']);

    const all = await call<PriorCandidates>('compare:candidates', { token });
    expect(all.notices).toEqual([]);
    expect(all.pending).toEqual([]);
    // Same patient, before this ECG most recent first (the 2023 PACS ECG, then the local 2022 one), then the
    // PACS's other ECGs of the same day; not the ECG on screen, its byte copy, the image, or another patient's.
    expect(all.candidates.map(label)).toEqual([
      `pacs:${A1.id.sopInstanceUid}`,
      'local-2022.dcm',
      `pacs:${STUDY_A2}.1.2`,
      `pacs:${STUDY_A2}.2.1`,
      'other-patient.xml',
    ]);
    const prior = all.candidates[0] as PriorCandidate;
    expect(prior).toMatchObject({
      file: null,
      sources: ['pacs'],
      samePatient: 'yes',
      acquisitionTime: '2023-03-01T10:15:00',
      description: 'Resting ECG',
      kind: '12-Lead ECG Waveform Storage',
      format: 'dicom',
      errorCode: null,
      pacs: {
        nodeId: 'hospital', nodeName: 'Hospital PACS', studyUid: STUDY_A1, seriesUid: `${STUDY_A1}.1`, sopInstanceUid: A1.id.sopInstanceUid,
        sopClassName: '12-Lead ECG Waveform Storage',
      },
    });
    // The renderer is told nothing that identifies the patient.
    expect(JSON.stringify(all)).not.toContain(PATIENT_A.patientId);
    // Listing retrieved nothing.
    expect(existsSync(join(dataDir, 'pacs-cache'))).toBe(false);

    // Chosen: exactly this instance is retrieved into the cache, then opened beside the ECG on screen.
    const ref = prior.pacs as NonNullable<PriorCandidate['pacs']>;
    const { jobId } = await call<{ jobId: string }>('pacs:retrieve', {
      nodeId: ref.nodeId, studies: [{ studyUid: ref.studyUid, seriesUid: ref.seriesUid, sopInstanceUid: ref.sopInstanceUid }],
    });
    let job: RetrieveProgress & { files: { token: string; name: string }[] };
    for (;;) {
      job = await call('pacs:job', { jobId });
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toMatchObject({ state: 'done', total: 1, retrieved: 1, failed: 0 });
    expect(job.files.map((f) => f.name)).toEqual([`${A1.id.sopInstanceUid}.dcm`]);
    const priorToken = (job.files[0] as { token: string }).token;
    const [opened, current] = await Promise.all([call<OpenedEcg>('ecg:open', { token: priorToken }), call<OpenedEcg>('ecg:open', { token })]);
    expect(opened.record.acquisitionTime).toBe('2023-03-01T10:15:00');
    expect(current.record.acquisitionTime).toBe('2024-06-15T10:15:00');
    const beats = await Promise.all([call<EcgBeats>('compare:beats', { token }), call<EcgBeats>('compare:beats', { token: priorToken })]);
    for (const b of beats) expect(b.beatsS.length).toBeGreaterThan(3);
    expect(files.resolve(priorToken, 'file').startsWith(join(dataDir, 'pacs-cache'))).toBe(true);

    // Asked again: the retrieved ECG is a plain local file now (still marked as the PACS's), the rest unchanged.
    const again = await call<PriorCandidates>('compare:candidates', { token });
    const cached = again.candidates[0] as PriorCandidate;
    expect(cached).toMatchObject({ pacs: null, sources: ['pacs'], description: 'Resting ECG', kind: '12-Lead ECG Waveform Storage', acquisitionTime: '2023-03-01T10:15:00', errorCode: null });
    expect(cached.file?.token).toBe(priorToken);
    expect(again.candidates).toHaveLength(5);
    expect(console$.join('\n')).not.toContain(PATIENT_A.patientId);
    expect(console$.join('\n')).not.toContain(PATIENT_A.patientName);
  });

  it('suggests a local copy of a PACS instance as that file, marked as the PACS\'s too', async () => {
    const { call, token } = await app(ANSWERING_DEADLINE_MS);
    await call('pacs:save-node', { node: dimseNode() });
    const copy = join(clinic, 'a1-from-a-cd.dcm');
    await writeFile(copy, A1.bytes);
    try {
      const { candidates } = await call<PriorCandidates>('compare:candidates', { token });
      const first = candidates[0] as PriorCandidate;
      expect(first.file?.name).toBe('a1-from-a-cd.dcm');
      expect(first).toMatchObject({ pacs: null, sources: ['folder', 'pacs'], description: 'Resting ECG', kind: '12-Lead ECG Waveform Storage' });
      expect(candidates.filter((c) => c.pacs?.sopInstanceUid === A1.id.sopInstanceUid)).toEqual([]);
    } finally {
      await rm(copy);
    }
  });

  it('an unreachable PACS leaves the local suggestions at once, with a coded notice (the app\'s own wiring)', async () => {
    const { call, token } = await app();
    await call('pacs:save-node', { node: { ...dimseNode(), port: await freePort() } });
    const started = Date.now();
    const r = await call<PriorCandidates>('compare:candidates', { token });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.candidates.map(label)).toEqual(['local-2022.dcm', 'other-patient.xml']);
    expect(r.notices).toEqual([{ source: 'pacs', code: 'PACS_CONNECTION_FAILED', message: expect.stringMatching(/^Nothing accepts DICOM connections at 127\.0\.0\.1:\d+/) }]);
  });

  it('a PACS that accepts and never answers is given up on at the deadline, the local suggestions still listed', async () => {
    const open = new Set<Socket>();
    let connections = 0;
    // Reads what it is sent (so it sees the close) and never answers.
    const silent: Server = createServer((s) => {
      s.resume();
      connections += 1;
      open.add(s);
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { call, token } = await app(1500);
      // The node's own timeouts are far longer than the suggestions wait.
      await call('pacs:save-node', { node: { ...dimseNode(), port: (silent.address() as { port: number }).port, connectTimeoutS: 60, timeoutS: 60 } });
      const started = Date.now();
      const r = await call<PriorCandidates>('compare:candidates', { token });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(10_000);
      expect(r.candidates.map(label)).toEqual(['local-2022.dcm', 'other-patient.xml']);
      expect(r.notices).toEqual([{ source: 'pacs', code: 'PACS_TIMEOUT', message: 'The PACS did not answer within 1.5 s, so its ECGs are not listed.' }]);
      // The query given up on is ended on the wire too, not left waiting for the node's own timeout.
      expect(connections).toBe(1);
      await vi.waitFor(() => expect(open.size).toBe(0), { timeout: 5000 });
    } finally {
      silent.close();
    }
  });

  it('says why the PACS was not asked for an ECG without a patient ID, and says nothing without a PACS', async () => {
    const { call, files, token } = await app();
    expect(await call<PriorCandidates>('compare:candidates', { token })).toMatchObject({ notices: [], pending: [] });
    expect(await call<PriorCandidates>('compare:candidates', { token, include: 'local' })).toMatchObject({ notices: [], pending: [] });
    await call('pacs:save-node', { node: dimseNode() });
    const bare = join(root, 'no-id.xml');
    await copyFile(join(MUSE, 'braveheart_example1.xml'), bare);
    const r = await call<PriorCandidates>('compare:candidates', { token: files.handOut(bare, 'file').token, include: 'local' });
    expect(r).toMatchObject({ pending: [], notices: [{ source: 'pacs', code: null, message: 'The PACS was not asked: this ECG states no patient ID.' }] });
  });
});
