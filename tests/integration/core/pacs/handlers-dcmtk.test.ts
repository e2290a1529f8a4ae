/**
 * The pacs:* channels end to end through dispatch (zod validation, handlers, file tokens) against a real
 * Orthanc, and a cross-check with dcmtk as the reference client: `findscu` finds the same studies as our
 * C-FIND, and the waveform instances `getscu` retrieves decode to the same leads as ours. Nothing a query
 * or retrieve does writes a patient name to the console.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PacsInstanceRow, PacsNodesDto, PacsStudy, RetrieveProgress } from '../../../../src-main/contract';
import { createEcgHandlers } from '../../../../src-main/core/api/ecg-handlers';
import { createPacsHandlers } from '../../../../src-main/core/api/pacs-handlers';
import { dispatch } from '../../../../src-main/core/api/dispatch';
import type { HandlerMap } from '../../../../src-main/core/api/types';
import { readEcgFile } from '../../../../src-main/core/ecg';
import { FileRegistry } from '../../../../src-main/core/files/file-registry';
import { RecentFiles } from '../../../../src-main/core/files/recent-files';
import { dicomParser } from '../../../../src-main/core/ecg/dicom/parser-module';
import { isRetrievedSopClass } from '../../../../src-main/core/pacs/waveform-classes';
import { freePort, startOrthanc, type OrthancServer } from '../../../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A2 } from '../../../helpers/pacs-fixtures';

const run = promisify(execFile);
let orthanc: OrthancServer;
let dataDir: string;
let handlers: HandlerMap;
const files = new FileRegistry();
const progress: RetrieveProgress[] = [];

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload, { emit: (e, p) => e === 'pacs:progress' && progress.push(p as RetrieveProgress) });
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

async function waitDone(jobId: string): Promise<RetrieveProgress & { files: { token: string }[] }> {
  for (let i = 0; i < 300; i += 1) {
    const p = await call<RetrieveProgress & { files: { token: string }[] }>('pacs:job', { jobId });
    if (p.state !== 'running') return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('retrieve did not finish');
}

beforeAll(async () => {
  const movePort = await freePort();
  orthanc = await startOrthanc({ modalities: { app: ['ECHOING', '127.0.0.1', movePort], dcmtk: ['DCMTK', '127.0.0.1', 4242] } });
  for (const f of archive()) await orthanc.upload(f.bytes);
  dataDir = await mkdtemp(join(tmpdir(), 'echoing-pacs-handlers-'));
  const deps = { transport: 'web' as const, files, dataDir, bundledModelsDir: dataDir };
  handlers = { ...createEcgHandlers(deps, new RecentFiles(dataDir)), ...createPacsHandlers(deps) } as HandlerMap;
  await call('pacs:save-node', {
    node: { id: 'main', name: 'Main PACS', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort, callingAe: 'ECHOING', movePort, moveListenHost: '127.0.0.1' },
  });
});

afterAll(async () => {
  await orthanc?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('pacs:* channels', () => {
  it('keeps the node in the config file and a DICOMweb secret out of it (0600 secrets file, never returned)', async () => {
    const dto = await call<PacsNodesDto>('pacs:save-node', {
      node: { id: 'web', name: 'Web', protocol: 'dicomweb', baseUrl: orthanc.dicomWeb, auth: 'bearer' },
      secret: 'tok-123-secret',
    });
    expect(dto.defaultNodeId).toBe('main');
    expect(dto.nodes.find((n) => n.id === 'web')).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(dto)).not.toContain('tok-123-secret');
    expect(await readFile(join(dataDir, 'pacs-nodes.json'), 'utf8')).not.toContain('tok-123-secret');
    expect((await stat(join(dataDir, 'pacs-secrets.json'))).mode & 0o777).toBe(0o600);
    await expect(call('pacs:echo', { nodeId: 'web' })).resolves.toMatchObject({ protocol: 'dicomweb' });
    await expect(call('pacs:echo', {})).resolves.toMatchObject({ protocol: 'dimse' });
    await expect(call('pacs:echo', { nodeId: 'nope' })).rejects.toMatchObject({ code: 'PACS_NODE_UNKNOWN' });
    await expect(call('pacs:save-node', { node: { id: 'bad', name: 'x', protocol: 'dicomweb', baseUrl: 'http://u:p@host/' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('queries by patient, retrieves, lists the instances with tokens and opens one as an ECG; no patient name reaches the console', async () => {
    const spies = [vi.spyOn(console, 'log'), vi.spyOn(console, 'info'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(console, 'debug'), vi.spyOn(console, 'trace')];
    const write = vi.spyOn(process.stdout, 'write');
    const writeErr = vi.spyOn(process.stderr, 'write');
    try {
      const studies = await call<PacsStudy[]>('pacs:find', { patientId: PATIENT_A.patientId });
      expect(studies.map((s) => s.waveformInstances).sort()).toEqual([1, 3]);
      const { jobId } = await call<{ jobId: string }>('pacs:retrieve', { studies: [{ studyUid: STUDY_A2 }] });
      const done = await waitDone(jobId);
      expect(done).toMatchObject({ state: 'done', retrieved: 3, skippedNonWaveform: 1 });
      expect(done.files).toHaveLength(3);
      expect(progress.at(-1)).toMatchObject({ jobId, state: 'done' });
      const rows = await call<PacsInstanceRow[]>('pacs:instances', { studyUid: STUDY_A2 });
      expect(rows.map((r) => r.cached)).toEqual([true, true, true]);
      const opened = await call<{ record: { format: string } }>('ecg:open', { token: rows[0]?.file?.token });
      expect(opened.record.format).toBe('dicom');
      const logged = [...spies.flatMap((s) => s.mock.calls.flat()), ...write.mock.calls.map((c) => c[0]), ...writeErr.mock.calls.map((c) => c[0])].map(String).join('\n');
      expect(logged).not.toContain('DOE');
    } finally {
      for (const s of [...spies, write, writeErr]) s.mockRestore();
    }
  });
});

describe('dcmtk cross-check', () => {
  it('findscu finds the same studies as our C-FIND', async () => {
    const ours = await call<PacsStudy[]>('pacs:find', { from: '2023-01-01', to: '2024-12-31' });
    const { stderr, stdout } = await run('findscu', [
      '-aet', 'DCMTK', '-aec', orthanc.aet, '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyDate=20230101-20241231',
      '-k', 'ModalitiesInStudy=ECG\\HD', '-k', 'StudyInstanceUID', '127.0.0.1', String(orthanc.dicomPort),
    ]);
    const theirs = [...`${stdout}${stderr}`.matchAll(/\(0020,000d\) UI \[([0-9.]+)[\s\0]*\]/g)].map((m) => m[1]);
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours.map((s) => s.studyUid).sort()).toEqual([...theirs].sort());
  });

  it('getscu retrieves the same waveform instances, with the same leads, as our C-GET', async () => {
    const out = await mkdtemp(join(tmpdir(), 'echoing-getscu-'));
    try {
      await run('getscu', ['-aet', 'DCMTK', '-aec', orthanc.aet, '-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${STUDY_A2}`, '-od', out, '127.0.0.1', String(orthanc.dicomPort)]);
      const theirs = new Map<string, string>();
      for (const name of await readdir(out)) {
        const bytes = await readFile(join(out, name));
        const meta = dicomParser.readPart10Header(bytes);
        const cls = (meta.string('x00020002') ?? '').trim();
        if (isRetrievedSopClass(cls)) theirs.set((meta.string('x00020003') ?? '').replace(/\0/g, '').trim(), join(out, name));
      }
      const rows = await call<PacsInstanceRow[]>('pacs:instances', { studyUid: STUDY_A2 });
      expect(rows.map((r) => r.sopInstanceUid).sort()).toEqual([...theirs.keys()].sort());
      for (const r of rows) {
        const a = await readEcgFile(files.resolve(r.file?.token as string));
        const b = await readEcgFile(theirs.get(r.sopInstanceUid) as string);
        expect(a.groups.map((g) => g.leads.map((l) => Array.from(l.samples)))).toEqual(b.groups.map((g) => g.leads.map((l) => Array.from(l.samples))));
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
