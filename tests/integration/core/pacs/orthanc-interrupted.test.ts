/**
 * Retrieves that do not run to the end, against a real Orthanc: the server dies mid-transfer (what arrived
 * is kept, the rest is coded, a second run fetches only the rest once the server is back), a cancel keeps
 * the partial result, and the C-MOVE storage SCP refuses unknown AE titles and non-waveform objects
 * (checked with dcmtk's echoscu and storescu as the calling peer).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceCache } from '../../../../src-main/core/pacs/cache';
import { dimseConnection } from '../../../../src-main/core/pacs/dimse/connection';
import { startStorageScp } from '../../../../src-main/core/pacs/dimse/storage-scp';
import { runRetrieve } from '../../../../src-main/core/pacs/retrieve';
import type { DimseNode } from '../../../../src-main/core/pacs/types';
import { nonEcgInstance } from '../../../helpers/dicom-edit';
import { freePort, startOrthanc, type OrthancServer } from '../../../helpers/orthanc';
import { bigStudy, uid } from '../../../helpers/pacs-fixtures';

const run = promisify(execFile);
const APP_AE = 'ECHOING';
const BIG = uid(7, 1);
const N = 40;
let orthanc: OrthancServer;
let node: DimseNode;
const dirs: string[] = [];

/** A cache that runs `hook` after its k-th stored instance (to act mid-transfer, deterministically). */
class HookedCache extends InstanceCache {
  stored = 0;
  constructor(dir: string, private readonly at: number, private readonly hook: () => void) {
    super(dir);
  }
  override async put(sopInstanceUid: string, part10: Uint8Array): Promise<string> {
    const path = await super.put(sopInstanceUid, part10);
    this.stored += 1;
    if (this.stored === this.at) this.hook();
    return path;
  }
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'echoing-pacs-int-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  const movePort = await freePort();
  orthanc = await startOrthanc({ modalities: { app: [APP_AE, '127.0.0.1', movePort] } });
  for (const f of bigStudy(BIG, N)) await orthanc.upload(f.bytes);
  node = {
    id: 'o', name: 'Orthanc', protocol: 'dimse', calledAe: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort, callingAe: APP_AE,
    retrieveMethod: 'get', movePort, moveListenHost: '127.0.0.1', connectTimeoutS: 5, timeoutS: 10,
  };
});

afterAll(async () => {
  await orthanc?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('server stopped mid-retrieve', () => {
  it('keeps what arrived, codes the rest, and the next run fetches only what is missing', async () => {
    const dir = await tempDir();
    const cache = new HookedCache(dir, 3, () => orthanc.kill());
    const first = await runRetrieve(dimseConnection(node), cache, { jobId: 'a', nodeId: 'o', method: 'get', studies: [{ studyUid: BIG }] });
    expect(first.progress.state).toBe('failed');
    expect(first.progress.error?.code).toBe('PACS_CONNECTION_FAILED');
    const kept = first.progress.retrieved;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(N);
    expect(first.progress.failed).toBe(N - kept);
    expect(new Set(first.progress.failures.map((f) => f.code))).toEqual(new Set(['PACS_CONNECTION_FAILED']));
    // While the server is down, a retry fails as a whole, coded, and loses nothing.
    const down = await runRetrieve(dimseConnection(node), new InstanceCache(dir), { jobId: 'b', nodeId: 'o', method: 'get', studies: [{ studyUid: BIG }] });
    expect(down.progress.error?.code).toBe('PACS_CONNECTION_FAILED');
    await orthanc.restart();
    const resumed = await runRetrieve(dimseConnection(node), new InstanceCache(dir), { jobId: 'c', nodeId: 'o', method: 'get', studies: [{ studyUid: BIG }] });
    expect(resumed.progress).toMatchObject({ state: 'done', cached: kept, retrieved: N - kept, failed: 0 });
  });
});

describe('cancel', () => {
  it('stops a C-MOVE mid-way, keeps the partial result, and closes the storage SCP', async () => {
    if (!orthanc.running()) await orthanc.restart(); // the previous test failed before restarting it
    const controller = new AbortController();
    const cache = new HookedCache(await tempDir(), 2, () => controller.abort());
    const moving = { ...node, retrieveMethod: 'move' as const };
    const r = await runRetrieve(dimseConnection(moving), cache, { jobId: 'd', nodeId: 'o', method: 'move', studies: [{ studyUid: BIG }] }, { signal: controller.signal });
    expect(r.progress.state).toBe('cancelled');
    expect(r.progress.retrieved).toBeGreaterThanOrEqual(2);
    expect(r.progress.retrieved).toBeLessThan(N);
    // The SCP's port is free again (it runs only while retrieving).
    const scp = await startStorageScp({ host: '127.0.0.1', port: node.movePort, ourAe: APP_AE, sourceAe: 'X', timeoutS: 5, expected: new Map(), sink: { received: async () => undefined, failed: () => undefined } });
    await scp.close();
  });
});

describe('the C-MOVE storage SCP', () => {
  it('accepts only the PACS AE title calling ours, and only waveform storage classes', async () => {
    const port = await freePort();
    const received: string[] = [];
    const scp = await startStorageScp({
      host: '127.0.0.1', port, ourAe: APP_AE, sourceAe: 'THEPACS', timeoutS: 5, expected: new Map(),
      sink: { received: async (i) => void received.push(i.sopInstanceUid), failed: () => undefined },
    });
    try {
      await expect(run('echoscu', ['-aet', 'THEPACS', '-aec', APP_AE, '127.0.0.1', String(port)])).resolves.toBeDefined();
      await expect(run('echoscu', ['-aet', 'STRANGER', '-aec', APP_AE, '127.0.0.1', String(port)])).rejects.toThrow();
      await expect(run('echoscu', ['-aet', 'THEPACS', '-aec', 'OTHER', '127.0.0.1', String(port)])).rejects.toThrow();
      const image = join(await tempDir(), 'image.dcm');
      const id = { patientId: 'X', patientName: 'X', studyDate: '20240101', accession: 'X', studyUid: uid(8, 1), seriesUid: uid(8, 1, 1), sopInstanceUid: uid(8, 1, 1, 1) };
      await writeFile(image, nonEcgInstance(id));
      // storescu proposes the image's class: refused, so the store fails and nothing is received.
      await expect(run('storescu', ['-aet', 'THEPACS', '-aec', APP_AE, '127.0.0.1', String(port), image])).rejects.toThrow();
      expect(received).toEqual([]);
      expect(scp.refusedAssociations).toBe(2);
    } finally {
      await scp.close();
    }
  });
});
