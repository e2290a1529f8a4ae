import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dicomParser } from '../../../../src-main/core/ecg/dicom/parser-module';
import { InstanceCache } from '../../../../src-main/core/pacs/cache';
import { PacsNodeStore } from '../../../../src-main/core/pacs/config';
import { checkDimsePatches, dimse, rawStoreOptions } from '../../../../src-main/core/pacs/dimse/library';
import { part10File, part10Identity } from '../../../../src-main/core/pacs/part10';
import { dicomDateRange, isoDate, isoTime, matchesModalities, nameMatcher } from '../../../../src-main/core/pacs/query-values';
import { splitWaveforms } from '../../../../src-main/core/pacs/query';
import { FileSecretStore, nodeSecretKey } from '../../../../src-main/core/pacs/secrets';
import type { DimseNode } from '../../../../src-main/core/pacs/types';

const dirs: string[] = [];
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'echoing-pacs-unit-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const node: DimseNode = {
  id: 'main', name: 'Main', protocol: 'dimse', calledAe: 'PACS', host: '10.0.0.5', port: 104, callingAe: 'ECHOING',
  retrieveMethod: 'get', movePort: 11113, connectTimeoutS: 10, timeoutS: 30,
};

describe('query values', () => {
  it('formats date ranges, dates, times and name matching as DICOM expects', () => {
    expect(dicomDateRange('2024-01-01', '2024-12-31')).toBe('20240101-20241231');
    expect(dicomDateRange('2024-01-01')).toBe('20240101-');
    expect(dicomDateRange(undefined, '2024-02-01')).toBe('-20240201');
    expect(dicomDateRange('2024-03-03', '2024-03-03')).toBe('20240303');
    expect(dicomDateRange()).toBe('');
    expect(isoDate('20240615')).toBe('2024-06-15');
    expect(isoDate('garbage')).toBe('');
    expect(isoTime('105919.123')).toBe('10:59:19');
    expect(isoTime('1059')).toBe('10:59');
    expect(nameMatcher('DOE')).toBe('DOE*');
    expect(nameMatcher('DO?^J*')).toBe('DO?^J*');
    expect(matchesModalities(['ECG', 'OT'], ['ECG', 'HD'])).toBe(true);
    expect(matchesModalities(['OT'], ['ECG', 'HD'])).toBe(false);
    expect(matchesModalities([], ['ECG'])).toBe(true);
  });

  it('keeps only waveform classes with valid UIDs', () => {
    const base = { studyUid: '1.2', seriesUid: '1.2.3', instanceNumber: '1' };
    const { waveforms, others } = splitWaveforms([
      { ...base, sopInstanceUid: '1.2.3.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1' },
      { ...base, sopInstanceUid: '1.2.3.2', sopClassUid: '1.2.840.10008.5.1.4.1.1.9.2.1' },
      { ...base, sopInstanceUid: '1.2.3.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' },
      { ...base, sopInstanceUid: '../../etc/passwd', sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1' },
      { ...base, sopInstanceUid: '1.2.3.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.9.4.1' },
    ]);
    expect(waveforms.map((w) => w.sopInstanceUid)).toEqual(['1.2.3.1', '1.2.3.2']);
    expect(others).toHaveLength(3);
  });
});

describe('Part 10 framing and the cache', () => {
  it('writes a meta header a DICOM parser reads back, keeping the data set bytes', () => {
    const dataSet = Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53, 0x04, 0x00, 0x45, 0x43, 0x47, 0x20]);
    const file = part10File({ sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', sopInstanceUid: '1.2.3', transferSyntaxUid: '1.2.840.10008.1.2.1', sourceAe: 'PACS' }, dataSet);
    expect(part10Identity(file)).toEqual({ sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', sopInstanceUid: '1.2.3' });
    const ds = dicomParser.parseDicom(file);
    expect(ds.string('x00080060')?.trim()).toBe('ECG');
    expect(ds.string('x00020016')?.trim()).toBe('PACS');
    expect(file.subarray(file.length - dataSet.length)).toEqual(dataSet);
    expect(() => part10Identity(Buffer.from('not dicom'))).toThrow(expect.objectContaining({ code: 'PACS_PROTOCOL_ERROR' }));
  });

  it('stores by SOP Instance UID (0600), refuses anything that is not a UID', async () => {
    const cache = new InstanceCache(await temp());
    expect(await cache.has('1.2.3')).toBe(false);
    const path = await cache.put('1.2.3', Buffer.from('x'));
    expect(await cache.has('1.2.3')).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(() => cache.pathOf('../escape')).toThrow(expect.objectContaining({ code: 'PACS_PROTOCOL_ERROR' }));
    expect(() => cache.pathOf('1.2.3/../../x')).toThrow();
  });
});

describe('configuration and secrets', () => {
  it('keeps nodes in pacs-nodes.json, the first as default; a damaged file is a coded error, not replaced', async () => {
    const dir = await temp();
    const store = new PacsNodeStore(dir);
    await expect(store.node()).rejects.toMatchObject({ code: 'PACS_NODE_UNKNOWN' });
    await store.upsert(node);
    await store.upsert({ ...node, id: 'second' }, true);
    expect((await store.node()).id).toBe('second');
    await store.remove('second');
    expect((await store.node()).id).toBe('main');
    await writeFile(store.file, '{"version":1,"nodes":[{"id":"x"}]}');
    await expect(store.load()).rejects.toMatchObject({ code: 'PACS_CONFIG_INVALID' });
    expect(await readFile(store.file, 'utf8')).toContain('"id":"x"');
  });

  it('writes secrets with mode 0600 and reads them back; a damaged file is coded', async () => {
    const dir = await temp();
    const secrets = new FileSecretStore(dir);
    await secrets.set(nodeSecretKey('main'), 's3cret');
    expect(await secrets.get(nodeSecretKey('main'))).toBe('s3cret');
    expect((await stat(secrets.file)).mode & 0o777).toBe(0o600);
    await secrets.delete(nodeSecretKey('main'));
    expect(await secrets.get(nodeSecretKey('main'))).toBeUndefined();
    expect(secrets.protection).toMatch(/0600/);
    await writeFile(secrets.file, 'garbage');
    await expect(secrets.get('k')).rejects.toMatchObject({ code: 'PACS_SECRET_UNAVAILABLE' });
  });
});

describe('C-MOVE storage SCP interface', () => {
  it('defaults to the local address that faces the PACS (loopback for a local PACS), never every interface', async () => {
    const { localAddressFacing } = await import('../../../../src-main/core/pacs/dimse/storage-scp');
    expect(await localAddressFacing('127.0.0.1', 104)).toBe('127.0.0.1');
  });
});

describe('dcmjs-dimse set-up', () => {
  it('is the pinned version with the wrapped methods present, and silent', () => {
    expect(() => checkDimsePatches()).not.toThrow();
    expect(dimse.log.getLevel()).toBe(dimse.log.levels.SILENT);
  });

  it('proposes the SCP role for the classes a C-GET receives (read back by a local SCP)', async () => {
    const { createServer } = await import('node:net');
    const roles: Record<string, [boolean | undefined, boolean | undefined]> = {};
    class Probe extends dimse.Scp {
      override associationRequested(association: dimse.association.Association) {
        for (const { id } of association.getPresentationContexts() as { id: number }[]) {
          const c = association.getPresentationContext(id);
          roles[c.getAbstractSyntaxUid()] = [c.getUserRole(), c.getProviderRole()];
        }
        this.sendAssociationReject();
      }
    }
    const server = createServer((s) => {
      const scp = new Probe(s, {}) as unknown as { connected: boolean };
      scp.connected = true;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { runAssociation } = await import('../../../../src-main/core/pacs/dimse/association');
    const wave = '1.2.840.10008.5.1.4.1.1.9.1.1';
    const request = dimse.requests.CGetRequest.createImageGetRequest('1.2', '1.2.3', '1.2.3.4');
    request.setAddStorageSopClassesToAssociation(false);
    await expect(runAssociation({ node: { ...node, host: '127.0.0.1', port }, requests: [request], receiveClasses: new Set([wave]) })).rejects.toMatchObject({
      code: 'PACS_ASSOCIATION_REJECTED',
    });
    server.close();
    expect(roles[wave]).toEqual([false, true]);
    expect(rawStoreOptions()).toBeTypeOf('object');
  });
});
