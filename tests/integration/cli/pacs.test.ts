/**
 * `echoing-ecg pacs echo|find|get` against a real Orthanc: nodes from the data folder's config file and
 * inline (--dicomweb, --aet/--host/--port), text and JSON output, coded exit on failure.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startOrthanc, type OrthancServer } from '../../helpers/orthanc';
import { archive, PATIENT_A, STUDY_A1, STUDY_A2 } from '../../helpers/pacs-fixtures';

const ROOT = join(__dirname, '../../..');
let orthanc: OrthancServer;
let dataDir: string;

function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/index.ts'), 'pacs', ...args], {
      cwd: ROOT, env: { ...process.env, ECHOING_ECG_DATA_DIR: dataDir },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  const movePort = await freePort();
  orthanc = await startOrthanc({ modalities: { app: ['ECHOING', '127.0.0.1', movePort] } });
  for (const f of archive()) await orthanc.upload(f.bytes);
  dataDir = await mkdtemp(join(tmpdir(), 'echoing-pacs-cli-'));
  const nodes = {
    version: 1,
    defaultNodeId: 'hospital',
    nodes: [
      { id: 'hospital', name: 'Hospital PACS', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort, callingAe: 'ECHOING', retrieveMethod: 'move', movePort, moveListenHost: '127.0.0.1' },
    ],
  };
  await writeFile(join(dataDir, 'pacs-nodes.json'), JSON.stringify(nodes));
});

afterAll(async () => {
  await orthanc?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('echoing-ecg pacs', () => {
  it('echo: a configured node answers; an inline node with an unknown AE is refused, coded, exit 1', async () => {
    const ok = await cli('echo', '--node', 'hospital');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/ok: C-ECHO accepted by ORTHANC/);
    const refused = await cli('echo', '--aet', orthanc.aet, '--host', '127.0.0.1', '--port', String(orthanc.dicomPort), '--calling-aet', 'STRANGER');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/PACS_ASSOCIATION_REJECTED/);
    const unknown = await cli('echo', '--node', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/PACS_NODE_UNKNOWN/);
    const usage = await cli('find');
    expect(usage.code).toBe(2);
  });

  it('find: by patient id as a table, and as JSON from an inline DICOMweb node', async () => {
    const table = await cli('find', '--node', 'hospital', '--patient-id', PATIENT_A.patientId);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/2 studies/);
    expect(table.out).toContain(STUDY_A2);
    const json = await cli('find', '--dicomweb', orthanc.dicomWeb, '--patient-id', PATIENT_A.patientId, '--from', '2024-01-01', '--to', '2024-12-31', '--json');
    expect(json.code, json.err).toBe(0);
    const studies = JSON.parse(json.out) as { studyUid: string; waveformInstances: number }[];
    expect(studies.map((s) => [s.studyUid, s.waveformInstances])).toEqual([[STUDY_A2, 3]]);
  });

  it('get: a study by C-MOVE (the node default), then a date range by C-GET inline; the second run of a study is a no-op', async () => {
    const out = join(dataDir, 'out');
    const first = await cli('get', '--node', 'hospital', '--study', STUDY_A2, '--out', out, '--json');
    expect(first.code, first.err).toBe(0);
    const p = JSON.parse(first.out) as { state: string; retrieved: number; method: string; files: string[] };
    expect(p).toMatchObject({ state: 'done', retrieved: 3, method: 'move' });
    expect((await readdir(out)).sort()).toEqual(p.files.map((f) => f.split('/').pop()).sort());
    const again = await cli('get', '--node', 'hospital', '--study', STUDY_A2, '--out', out);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 retrieved, 3 already cached/);
    const range = await cli('get', '--aet', orthanc.aet, '--host', '127.0.0.1', '--port', String(orthanc.dicomPort), '--from', '2023-01-01', '--to', '2023-12-31', '--out', join(dataDir, 'range'));
    expect(range.code, range.err).toBe(0);
    expect(await readdir(join(dataDir, 'range'))).toEqual([`${STUDY_A1}.1.1.dcm`]);
  });
});
